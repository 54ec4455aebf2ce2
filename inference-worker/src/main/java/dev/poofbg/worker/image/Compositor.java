package dev.poofbg.worker.image;

/**
 * Scanlines of the cut-out: the original colours with alpha = mask x the input's own alpha.
 * Colours under fully transparent pixels are zeroed: invisible either way, and the PNG gets much
 * smaller and faster to compress.
 */
final class Compositor implements PngEncoder.RowSource {
    private final DecodedImage image;
    private final byte[] mask;

    Compositor(DecodedImage image, byte[] mask) {
        this.image = image;
        this.mask = mask;
    }

    @Override
    public void fill(int y, byte[] row) {
        int width = image.width();
        int[] argb = image.argb();
        int base = y * width;
        boolean ownAlpha = image.hasAlpha();
        for (int x = 0, o = 0; x < width; x++, o += 4) {
            int px = argb[base + x];
            int a = mask[base + x] & 0xFF;
            if (ownAlpha) {
                a = (a * (px >>> 24) + 127) / 255;
            }
            if (a == 0) {
                row[o] = 0;
                row[o + 1] = 0;
                row[o + 2] = 0;
                row[o + 3] = 0;
            } else {
                row[o] = (byte) (px >> 16);
                row[o + 1] = (byte) (px >> 8);
                row[o + 2] = (byte) px;
                row[o + 3] = (byte) a;
            }
        }
    }
}
