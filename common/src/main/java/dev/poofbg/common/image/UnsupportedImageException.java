package dev.poofbg.common.image;

import java.io.IOException;

/** The bytes are not a supported image, or its header is malformed. The message is safe to show. */
public class UnsupportedImageException extends IOException {
    public UnsupportedImageException(String message) {
        super(message);
    }
}
