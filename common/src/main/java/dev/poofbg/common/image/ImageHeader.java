package dev.poofbg.common.image;

/** Type and pixel dimensions of an image, read from its header without decoding pixels. */
public record ImageHeader(ImageType type, int width, int height) {

    public long pixelCount() {
        return (long) width * height;
    }
}
