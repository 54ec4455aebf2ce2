package dev.poofbg.worker.image;

import java.util.function.IntPredicate;

/** A rectangle of pixels: the subject's box in a result. */
public record Box(int left, int top, int width, int height) {

    boolean isEmpty() {
        return width <= 0 || height <= 0;
    }

    /** The smallest box holding every pixel whose alpha (0 to 255) {@code counts}; empty when there is none. */
    static Box around(byte[] alpha, int width, int height, IntPredicate counts) {
        int left = width;
        int right = -1;
        int top = -1;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            int base = y * width;
            int first = -1;
            int last = -1;
            for (int x = 0; x < width; x++) {
                if (counts.test(alpha[base + x] & 0xFF)) {
                    if (first < 0) {
                        first = x;
                    }
                    last = x;
                }
            }
            if (first >= 0) {
                if (top < 0) {
                    top = y;
                }
                bottom = y;
                left = Math.min(left, first);
                right = Math.max(right, last);
            }
        }
        return top < 0 ? new Box(0, 0, 0, 0) : new Box(left, top, right - left + 1, bottom - top + 1);
    }
}
