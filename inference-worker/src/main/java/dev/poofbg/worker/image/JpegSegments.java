package dev.poofbg.worker.image;

/**
 * Walks the marker segments of a JPEG held in memory, from after SOI to EOI, skipping each scan's entropy-coded data
 * (where 0xFF is always followed by 0x00 or a restart marker). Stops quietly at anything that is not a marker: the
 * decoder reports damaged files.
 */
final class JpegSegments {

    static final int START_OF_SCAN = 0xDA;
    private static final int END_OF_IMAGE = 0xD9;

    private JpegSegments() {
    }

    interface Visitor {
        /**
         * @param body   offset of the segment's contents, after its marker and length
         * @param length the segment's length field (it counts its own two bytes)
         * @return whether to go on walking
         */
        boolean segment(int marker, int body, int length);
    }

    static void walk(byte[] jpeg, Visitor visitor) {
        int at = 2; // after SOI
        while (at + 4 <= jpeg.length) {
            if (jpeg[at] != (byte) 0xFF) {
                return;
            }
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == END_OF_IMAGE) {
                return;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // markers without a length
                continue;
            }
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            if (!visitor.segment(marker, at + 4, length)) {
                return;
            }
            at += 2 + length;
            if (marker == START_OF_SCAN) {
                while (at + 1 < jpeg.length && !(jpeg[at] == (byte) 0xFF && jpeg[at + 1] != 0
                        && (jpeg[at + 1] & 0xF8) != 0xD0)) {
                    at++;
                }
            }
        }
    }
}
