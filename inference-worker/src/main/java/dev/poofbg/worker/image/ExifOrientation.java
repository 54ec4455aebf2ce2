package dev.poofbg.worker.image;

import dev.poofbg.common.image.ImageType;

import java.nio.charset.StandardCharsets;

/**
 * Finds the EXIF orientation tag (0x0112) in JPEG APP1, PNG eXIf and WebP EXIF chunks and rotates
 * pixels accordingly. Parsing is defensive: anything malformed means "no orientation" (1).
 */
final class ExifOrientation {
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    static int read(byte[] data, ImageType type) {
        try {
            return switch (type) {
                case JPEG -> fromJpeg(data);
                case PNG -> fromPng(data);
                case WEBP -> fromWebp(data);
            };
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
    }

    private static int fromJpeg(byte[] d) {
        int[] orientation = {1};
        JpegSegments.walk(d, (marker, body, length) -> {
            if (marker == JpegSegments.START_OF_SCAN) {
                return false; // image data starts: no EXIF before it
            }
            if (marker == 0xE1 && length >= 8 && startsWith(d, body, "Exif\0\0")) {
                orientation[0] = fromTiff(d, body + 6, body + length - 2);
                return false;
            }
            return true;
        });
        return orientation[0];
    }

    private static int fromPng(byte[] d) {
        int pos = 8;
        while (pos + 12 <= d.length) {
            long length = u32be(d, pos);
            String type = new String(d, pos + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("eXIf")) {
                return fromTiff(d, pos + 8, (int) Math.min(d.length, pos + 8 + length));
            }
            if (type.equals("IDAT") || type.equals("IEND") || length > d.length) {
                return 1; // eXIf must precede the image data
            }
            pos += 12 + (int) length;
        }
        return 1;
    }

    private static int fromWebp(byte[] d) {
        int pos = 12;
        while (pos + 8 <= d.length) {
            String fourcc = new String(d, pos, 4, StandardCharsets.US_ASCII);
            long length = u32le(d, pos + 4);
            if (length > d.length) {
                return 1;
            }
            int body = pos + 8;
            if (fourcc.equals("EXIF")) {
                int start = startsWith(d, body, "Exif\0\0") ? body + 6 : body;
                return fromTiff(d, start, (int) Math.min(d.length, body + length));
            }
            pos = body + (int) length + (int) (length & 1);
        }
        return 1;
    }

    private static int fromTiff(byte[] d, int start, int end) {
        boolean little;
        if (d[start] == 'I' && d[start + 1] == 'I') {
            little = true;
        } else if (d[start] == 'M' && d[start + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        long ifd = start + u32(d, start + 4, little);
        if (ifd + 2 > end) {
            return 1;
        }
        int entries = u16(d, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + i * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (u16(d, entry, little) == TAG_ORIENTATION) {
                int value = u16(d, entry + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /** The image as displayed under an EXIF orientation (1..8): {@code image} itself for 1 or an unknown value. */
    static DecodedImage apply(DecodedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int width = image.width();
        int height = image.height();
        boolean transpose = orientation >= 5;
        int outW = transpose ? height : width;
        DecodedImage turned = DecodedImage.allocate(outW, transpose ? width : height, image.hasAlpha());
        int[] pixels = image.argb();
        int[] out = turned.argb();
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                // (x, y) in the stored image lands at (dx, dy) in the displayed one.
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> { dx = width - 1 - x; dy = y; }
                    case 3 -> { dx = width - 1 - x; dy = height - 1 - y; }
                    case 4 -> { dx = x; dy = height - 1 - y; }
                    case 5 -> { dx = y; dy = x; }
                    case 6 -> { dx = height - 1 - y; dy = x; }
                    case 7 -> { dx = height - 1 - y; dy = width - 1 - x; }
                    default -> { dx = y; dy = width - 1 - x; } // 8
                }
                out[dy * outW + dx] = pixels[row + x];
            }
        }
        return turned;
    }

    private static boolean startsWith(byte[] d, int pos, String prefix) {
        if (pos + prefix.length() > d.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (d[pos + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16be(byte[] d, int p) {
        return ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF);
    }

    private static long u32be(byte[] d, int p) {
        return ((long) (d[p] & 0xFF) << 24) | ((d[p + 1] & 0xFF) << 16) | ((d[p + 2] & 0xFF) << 8) | (d[p + 3] & 0xFF);
    }

    private static long u32le(byte[] d, int p) {
        return ((long) (d[p + 3] & 0xFF) << 24) | ((d[p + 2] & 0xFF) << 16) | ((d[p + 1] & 0xFF) << 8) | (d[p] & 0xFF);
    }

    private static int u16(byte[] d, int p, boolean little) {
        return little ? ((d[p + 1] & 0xFF) << 8) | (d[p] & 0xFF) : u16be(d, p);
    }

    private static long u32(byte[] d, int p, boolean little) {
        return little ? u32le(d, p) : u32be(d, p);
    }
}
