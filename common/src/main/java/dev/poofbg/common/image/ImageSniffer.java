package dev.poofbg.common.image;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises JPEG, PNG and WebP by magic bytes and reads their dimensions from the header, so that
 * callers can refuse decompression bombs before any pixel is decoded.
 */
public final class ImageSniffer {
    /** Bytes needed to recognise every supported format. */
    public static final int MAGIC_LENGTH = 12;
    /** An animation frame is read whole to walk its chunks; no upload is larger. */
    private static final long MAX_WEBP_FRAME_BYTES = 16L << 20;

    private ImageSniffer() {
    }

    public static Optional<ImageType> detect(byte[] head) {
        return detect(head, head.length);
    }

    public static Optional<ImageType> detect(byte[] head, int length) {
        if (length >= 3 && u8(head, 0) == 0xFF && u8(head, 1) == 0xD8 && u8(head, 2) == 0xFF) {
            return Optional.of(ImageType.JPEG);
        }
        if (length >= 8 && u8(head, 0) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A) {
            return Optional.of(ImageType.PNG);
        }
        if (length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(ImageType.WEBP);
        }
        return Optional.empty();
    }

    /**
     * Reads the header of a JPEG, PNG or WebP stream. Consumes only header bytes (JPEG metadata
     * segments are skipped, not buffered).
     *
     * @throws UnsupportedImageException if the bytes are not one of the supported formats or the
     *                                   header is malformed or truncated
     */
    public static ImageHeader readHeader(InputStream in) throws IOException {
        byte[] magic = new byte[MAGIC_LENGTH];
        int read = in.readNBytes(magic, 0, MAGIC_LENGTH);
        ImageType type = detect(magic, read)
                .orElseThrow(() -> new UnsupportedImageException("not a JPEG, PNG or WebP image"));
        try {
            ImageHeader header = switch (type) {
                case PNG -> readPng(magic, in);
                case JPEG -> readJpeg(magic, in);
                case WEBP -> readWebp(in);
            };
            if (header.width() <= 0 || header.height() <= 0) {
                throw new UnsupportedImageException("image header declares no pixels");
            }
            return header;
        } catch (EOFException e) {
            throw new UnsupportedImageException("image is truncated before its dimensions");
        }
    }

    private static ImageHeader readPng(byte[] magic, InputStream in) throws IOException {
        // magic[8..11] is the first chunk's length; the chunk type and IHDR fields follow.
        byte[] ihdr = readExactly(in, 12);
        if (ihdr[0] != 'I' || ihdr[1] != 'H' || ihdr[2] != 'D' || ihdr[3] != 'R') {
            throw new UnsupportedImageException("PNG does not start with an IHDR chunk");
        }
        long width = u32be(ihdr, 4);
        long height = u32be(ihdr, 8);
        return new ImageHeader(ImageType.PNG, clamp(width), clamp(height));
    }

    private static ImageHeader readJpeg(byte[] magic, InputStream in) throws IOException {
        // The magic holds SOI and the start of the first segment; replay it before reading on.
        InputStream stream = new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream(magic, 2, magic.length - 2), in);
        while (true) {
            int marker = nextMarker(stream);
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                continue; // stand-alone markers carry no length
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new UnsupportedImageException("JPEG has no frame header before its image data");
            }
            int length = (readByte(stream) << 8) | readByte(stream);
            if (length < 2) {
                throw new UnsupportedImageException("JPEG segment length is invalid");
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF
                    && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                byte[] frame = readExactly(stream, 5);
                int height = (u8(frame, 1) << 8) | u8(frame, 2);
                int width = (u8(frame, 3) << 8) | u8(frame, 4);
                return new ImageHeader(ImageType.JPEG, width, height);
            }
            skipExactly(stream, length - 2);
        }
    }

    private static int nextMarker(InputStream in) throws IOException {
        int b = readByte(in);
        if (b != 0xFF) {
            throw new UnsupportedImageException("JPEG segment marker expected");
        }
        while (b == 0xFF) { // fill bytes are allowed before a marker
            b = readByte(in);
        }
        return b;
    }

    /**
     * A WebP's size is its largest picture: the canvas of an extended file (VP8X) does not bound the bitstreams in
     * it, and a decoder allocates for each bitstream's own size (a 432-byte file with a 16x16 canvas and a
     * 16383x16383 bitstream ran a worker's heap out). So every bitstream is looked at, also inside animation frames.
     */
    private static ImageHeader readWebp(InputStream in) throws IOException {
        byte[] first = readExactly(in, 8);
        String fourcc = new String(first, 0, 4, StandardCharsets.US_ASCII);
        long size = u32le(first, 4);
        if (!fourcc.equals("VP8X")) {
            int[] picture = bitstreamSize(fourcc, in, size);
            return new ImageHeader(ImageType.WEBP, picture[0], picture[1]);
        }
        byte[] data = readExactly(in, 10);
        skipAtMost(in, size + (size & 1) - 10);
        int width = 1 + (u8(data, 4) | (u8(data, 5) << 8) | (u8(data, 6) << 16));
        int height = 1 + (u8(data, 7) | (u8(data, 8) << 8) | (u8(data, 9) << 16));
        int[] largest = largestBitstream(in, Long.MAX_VALUE);
        return new ImageHeader(ImageType.WEBP, Math.max(width, largest[0]), Math.max(height, largest[1]));
    }

    /** The largest width and height of the bitstreams in the next {@code length} bytes of chunks. */
    private static int[] largestBitstream(InputStream in, long length) throws IOException {
        int[] largest = {0, 0};
        long left = length;
        while (left >= 8) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                break; // the end of the file; a truncated one is the decoder's to report
            }
            String fourcc = new String(header, 0, 4, StandardCharsets.US_ASCII);
            long size = u32le(header, 4);
            long padded = size + (size & 1);
            int[] picture = switch (fourcc) {
                case "VP8 ", "VP8L" -> bitstreamSize(fourcc, in, size);
                case "ANMF" -> {
                    // Walked from its own bytes, so that its sub-chunks cannot shift the walk of what follows.
                    byte[] frame = in.readNBytes((int) Math.min(size, MAX_WEBP_FRAME_BYTES));
                    skipAtMost(in, padded - frame.length);
                    InputStream chunks = new ByteArrayInputStream(frame);
                    skipAtMost(chunks, 16); // offset, size, duration, flags
                    yield largestBitstream(chunks, Long.MAX_VALUE);
                }
                default -> {
                    skipAtMost(in, padded);
                    yield new int[] {0, 0};
                }
            };
            largest[0] = Math.max(largest[0], picture[0]);
            largest[1] = Math.max(largest[1], picture[1]);
            left -= 8 + padded;
        }
        return largest;
    }

    /** Reads a VP8 or VP8L chunk of {@code size} bytes (and its padding) and returns its picture's size. */
    private static int[] bitstreamSize(String fourcc, InputStream in, long size) throws IOException {
        int[] picture;
        int consumed;
        switch (fourcc) {
            case "VP8L" -> {
                byte[] data = readExactly(in, 5);
                if (u8(data, 0) != 0x2F) {
                    throw new UnsupportedImageException("WebP lossless signature missing");
                }
                long bits = u8(data, 1) | (u8(data, 2) << 8) | (u8(data, 3) << 16) | ((long) u8(data, 4) << 24);
                picture = new int[] {1 + (int) (bits & 0x3FFF), 1 + (int) ((bits >> 14) & 0x3FFF)};
                consumed = 5;
            }
            case "VP8 " -> {
                byte[] data = readExactly(in, 10);
                if (u8(data, 3) != 0x9D || u8(data, 4) != 0x01 || u8(data, 5) != 0x2A) {
                    throw new UnsupportedImageException("WebP lossy start code missing");
                }
                picture = new int[] {(u8(data, 6) | (u8(data, 7) << 8)) & 0x3FFF,
                        (u8(data, 8) | (u8(data, 9) << 8)) & 0x3FFF};
                consumed = 10;
            }
            default -> throw new UnsupportedImageException("WebP chunk " + fourcc.strip() + " is not supported");
        }
        skipAtMost(in, size + (size & 1) - consumed); // the rest may be cut short: the decoder says so
        return picture;
    }

    /** Skips up to {@code length} bytes, fewer at the end of the stream. */
    private static void skipAtMost(InputStream in, long length) throws IOException {
        long left = length;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                return;
            }
            left -= skipped;
        }
    }

    private static int clamp(long dimension) {
        return dimension > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) dimension;
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        return bytes;
    }

    private static void skipExactly(InputStream in, long length) throws IOException {
        in.skipNBytes(length);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static int u8(byte[] bytes, int index) {
        return bytes[index] & 0xFF;
    }

    private static long u32le(byte[] bytes, int offset) {
        return u8(bytes, offset) | (u8(bytes, offset + 1) << 8) | (u8(bytes, offset + 2) << 16)
                | ((long) u8(bytes, offset + 3) << 24);
    }

    private static long u32be(byte[] bytes, int offset) {
        return ((long) u8(bytes, offset) << 24) | (u8(bytes, offset + 1) << 16)
                | (u8(bytes, offset + 2) << 8) | u8(bytes, offset + 3);
    }
}
