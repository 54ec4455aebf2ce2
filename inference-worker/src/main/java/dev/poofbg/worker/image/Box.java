package dev.poofbg.worker.image;

/** A rectangle of pixels: the subject's box in a result. */
public record Box(int left, int top, int width, int height) {

    boolean isEmpty() {
        return width <= 0 || height <= 0;
    }
}
