package dev.poofbg.common.image;

/** The input formats the service accepts, decided by magic bytes, never by a declared Content-Type. */
public enum ImageType {
    JPEG("image/jpeg"), PNG("image/png"), WEBP("image/webp");

    private final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }
}
