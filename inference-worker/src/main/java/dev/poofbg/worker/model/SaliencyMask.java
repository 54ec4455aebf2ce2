package dev.poofbg.worker.model;

/**
 * Saliency mask at model resolution, min-max normalised to [0,1], row-major ({@code values[y * width + x]}).
 */
public record SaliencyMask(int width, int height, float[] values) {

    public SaliencyMask {
        if (width <= 0 || height <= 0 || values == null || values.length != width * height) {
            throw new IllegalArgumentException("mask must hold width*height values");
        }
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }
}
