package dev.poofbg.worker.image;

import dev.poofbg.worker.InputRejectedException;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(40_000_000);

    @Test
    void grayscalePngKeepsItsValues() throws Exception {
        BufferedImage gray = new BufferedImage(8, 4, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 2, 0, 100);
        DecodedImage decoded = decoder.decode(TestImages.encode(gray, "png"));
        // 100 stays 100: no linear-to-sRGB brightening on the way
        assertEquals(0xFF646464, decoded.argb()[2 * 8 + 3]);
        assertEquals(0xFF000000, decoded.argb()[0]);
        assertFalse(decoded.hasAlpha());
    }

    @Test
    void sixteenBitPngsAreReducedToEightBits() throws Exception {
        BufferedImage gray16 = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(1, 1, 0, 0xABCD);
        assertEquals(0xFFABABAB, decoder.decode(TestImages.encode(gray16, "png")).argb()[4 + 1]);

        ComponentColorModel rgb16 = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = rgb16.createCompatibleWritableRaster(4, 4);
        raster.setPixel(2, 3, new int[] {0xFFFF, 0x8000, 0x0000});
        DecodedImage decoded = decoder.decode(TestImages.encode(new BufferedImage(rgb16, raster, false, null), "png"));
        int px = decoded.argb()[3 * 4 + 2];
        assertEquals(0xFF, (px >> 16) & 0xFF);
        assertEquals(0x80, (px >> 8) & 0xFF, 1);
        assertEquals(0x00, px & 0xFF);
    }

    @Test
    void palettePngResolvesItsColours() throws Exception {
        byte[] r = {0, (byte) 200, 10};
        byte[] g = {0, 20, (byte) 250};
        byte[] b = {0, 30, 40};
        BufferedImage indexed = new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b));
        indexed.getRaster().setSample(5, 5, 0, 1);
        indexed.getRaster().setSample(0, 5, 0, 2);
        DecodedImage decoded = decoder.decode(TestImages.encode(indexed, "png"));
        assertEquals(0xFFC8141E, decoded.argb()[35]);
        assertEquals(0xFF0AFA28, decoded.argb()[30]);
    }

    @Test
    void compressedMetadataInAPalettePngIsNeverInflated() throws Exception {
        byte[] grey = {0, (byte) 128, (byte) 255};
        BufferedImage indexed = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 3, grey, grey, grey));
        indexed.getRaster().setSample(1, 2, 0, 2);
        // A palette image makes the JDK's reader parse every chunk before the pixels, metadata ignored or not.
        byte[] withText = insertChunkAfterIhdr(TestImages.encode(indexed, "png"), "zTXt", compressed(128 << 20));
        byte[] bomb = insertChunkAfterIhdr(withText, "iCCP", compressed(128 << 20));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        DecodedImage decoded = decoder.decode(bomb);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0xFFFFFFFF, decoded.argb()[2 * 4 + 1]);
        assertTrue(allocated < 32 << 20, allocated + " bytes allocated to decode a 4x4 image");
    }

    @Test
    void alphaPngKeepsItsAlpha() throws Exception {
        BufferedImage argb = new BufferedImage(5, 5, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x80FF0000);
        DecodedImage decoded = decoder.decode(TestImages.encode(argb, "png"));
        assertTrue(decoded.hasAlpha());
        assertEquals(0x80FF0000, decoded.argb()[5 + 1]);
        assertEquals(0, decoded.argb()[0] >>> 24);
        // the model's view is opaque RGB over the same pixels
        assertEquals(0xFFFF0000, decoded.rgbImage().getRGB(1, 1));
    }

    @Test
    void exifOrientationIsApplied() throws Exception {
        // 40x20, left half red, right half blue; orientation 6 means "rotate 90 degrees clockwise to display"
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 20);
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 20);
        g.dispose();
        byte[] jpeg = TestImages.withExifOrientation(TestImages.encode(image, "jpeg"), 6);

        DecodedImage decoded = decoder.decode(jpeg);
        assertEquals(20, decoded.width());
        assertEquals(40, decoded.height());
        assertReddish(decoded.argb()[5 * 20 + 10]);   // top half shows the stored left half
        assertBluish(decoded.argb()[35 * 20 + 10]);   // bottom half shows the stored right half

        DecodedImage upsideDown = decoder.decode(TestImages.withExifOrientation(TestImages.encode(image, "jpeg"), 3));
        assertEquals(40, upsideDown.width());
        assertBluish(upsideDown.argb()[10 * 40 + 5]);
    }

    @Test
    void exifOrientationInPngAndWebpIsApplied() throws Exception {
        // PNG eXIf chunk, orientation 8 (rotate 90 degrees counter-clockwise to display): 6x2 -> 2x6
        BufferedImage wide = new BufferedImage(6, 2, BufferedImage.TYPE_INT_RGB);
        wide.setRGB(5, 0, 0xFF0000); // stored top-right corner
        byte[] png = TestImages.encode(wide, "png");
        byte[] oriented = insertChunkAfterIhdr(png, "eXIf", tiffOrientation(8));
        DecodedImage decoded = decoder.decode(oriented);
        assertEquals(2, decoded.width());
        assertEquals(6, decoded.height());
        assertEquals(0xFFFF0000, decoded.argb()[0]); // ... is displayed top-left

        // WebP EXIF chunk appended to a VP8X file, orientation 3 (upside down)
        byte[] webp = TestImages.resource("python.webp");
        DecodedImage upright = decoder.decode(webp);
        DecodedImage rotated = decoder.decode(appendWebpChunk(webp, "EXIF", tiffOrientation(3)));
        int n = upright.argb().length;
        int[] turned = new int[n];
        for (int i = 0; i < n; i++) {
            turned[i] = upright.argb()[n - 1 - i];
        }
        assertFalse(Arrays.equals(upright.argb(), turned), "the picture must not look the same upside down");
        assertArrayEquals(turned, rotated.argb());
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, new Point());
        int[] pixel = {0, 255, 255, 0}; // full magenta + yellow: red
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                cmyk.setPixel(x, y, pixel);
            }
        }
        byte[] jpeg = TestImages.cmykJpeg(cmyk);
        DecodedImage decoded = decoder.decode(jpeg);
        assertEquals(16, decoded.width());
        int px = decoded.argb()[8 * 16 + 8];
        int red = (px >> 16) & 0xFF;
        int green = (px >> 8) & 0xFF;
        // Whichever CMYK convention the reader assumes, four channels must not decode as garbage grey,
        // nor as transparency (the reader takes a marker-less fourth channel for alpha).
        assertTrue(Math.abs(red - green) > 100, "CMYK decoded to " + Integer.toHexString(px));
        assertFalse(decoded.hasAlpha());
        assertTrue(Arrays.stream(decoded.argb()).allMatch(p -> p >>> 24 == 0xFF), "a JPEG decoded with transparency");
    }

    @Test
    void colourUnderFullyTransparentPixelsIsCleared() throws Exception {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x0000FF00); // an invisible green the model must not see
        argb.setRGB(1, 0, 0x0100FF00); // barely visible: its colour is what shows
        argb.setRGB(2, 0, 0xFF0000FF);
        DecodedImage decoded = decoder.decode(TestImages.encode(argb, "png"));
        assertEquals(0, decoded.argb()[0]);
        assertEquals(0x0100FF00, decoded.argb()[1]);
        assertEquals(0xFF0000FF, decoded.argb()[2]);
        assertEquals(0xFF000000, decoded.rgbImage().getRGB(0, 0));
    }

    @Test
    void webpWithAlphaDecodesLikeItsPngTwin() throws Exception {
        DecodedImage webp = decoder.decode(TestImages.resource("python.webp"));
        DecodedImage png = decoder.decode(TestImages.resource("python.png"));
        assertEquals(16, webp.width());
        assertEquals(16, webp.height());
        assertTrue(webp.hasAlpha());
        long diff = 0;
        int[] a = webp.argb();
        int[] b = png.argb();
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift < 32; shift += 8) {
                diff += Math.abs(((a[i] >>> shift) & 0xFF) - ((b[i] >>> shift) & 0xFF));
            }
        }
        // lossy WebP: close, not identical
        assertTrue(diff / (a.length * 4.0) < 12, "mean channel difference " + diff / (a.length * 4.0));
    }

    @Test
    void animatedWebpGivesItsFirstFrame() throws Exception {
        // 1x1 animated lossless WebP from the WebP FAQ's feature-detection snippet (Apache-2.0)
        byte[] animated = Base64.getDecoder().decode(
                "UklGRlIAAABXRUJQVlA4WAoAAAASAAAAAAAAAAAAQU5JTQYAAAD/////AABBTk1GJgAAAAAAAAAAAAAAAAAAAGQAAABWUDhMDQAAAC8AAAAQBxAREYiI/gcA");
        DecodedImage decoded = decoder.decode(animated);
        assertEquals(1, decoded.width());
        assertEquals(1, decoded.height());
    }

    @Test
    void animatedPngGivesItsDefaultImage() throws Exception {
        BufferedImage first = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        first.setRGB(0, 0, 0x00FF00);
        byte[] png = TestImages.encode(first, "png");
        DecodedImage decoded = decoder.decode(toApng(png));
        assertEquals(0xFF00FF00, decoded.argb()[0]);
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() {
        byte[] bomb = pngHeader(100_000, 100_000);
        InputRejectedException e = assertThrows(InputRejectedException.class, () -> decoder.decode(bomb));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertTrue(e.getMessage().contains("100000 x 100000"), e.getMessage());
    }

    @Test
    void aStripWithinThePixelLimitIsRefusedForItsLength() {
        InputRejectedException e = assertThrows(InputRejectedException.class,
                () -> decoder.decode(pngHeader(1, 10_000_000)));
        assertTrue(e.getMessage().contains("no side may be longer than 32768"), e.getMessage());
    }

    @Test
    void aJpegOfManyScansIsRefusedBeforeDecoding() throws Exception {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        byte[] baseline = TestImages.encode(image, "jpeg");
        assertEquals(32, decoder.decode(baseline).width());
        // The baseline file's own scan, then empty ones (a marker and a zero-length header) up to one too many.
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        many.write(baseline, 0, baseline.length - 2);
        for (int i = 0; i < ImageDecoder.MAX_JPEG_SCANS; i++) {
            many.write(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 2});
        }
        many.write(baseline, baseline.length - 2, 2);

        InputRejectedException e = assertThrows(InputRejectedException.class,
                () -> decoder.decode(many.toByteArray()));
        assertTrue(e.getMessage().contains("more than 100 scans"), e.getMessage());
    }

    @Test
    void aProgressiveJpegWithStartOfScanBytesInAnAppSegmentDecodes() throws Exception {
        BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xFF0000);
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(encoded)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        }
        writer.dispose();
        byte[] progressive = encoded.toByteArray();
        byte[] lookalikes = new byte[2 * (ImageDecoder.MAX_JPEG_SCANS + 1)];
        for (int i = 0; i < lookalikes.length; i += 2) {
            lookalikes[i] = (byte) 0xFF;
            lookalikes[i + 1] = (byte) 0xDA;
        }
        ByteArrayOutputStream withApp = new ByteArrayOutputStream();
        withApp.write(progressive, 0, 2);
        withApp.write(new byte[] {(byte) 0xFF, (byte) 0xE9, 0, (byte) (lookalikes.length + 2)});
        withApp.writeBytes(lookalikes);
        withApp.write(progressive, 2, progressive.length - 2);

        DecodedImage decoded = decoder.decode(withApp.toByteArray());

        assertEquals(48, decoded.width());
        assertEquals(40, decoded.height());
    }

    @Test
    void aWebpBitstreamLargerThanItsCanvasIsRefusedBeforeDecoding() throws Exception {
        byte[] webp = TestImages.resource("python.webp"); // VP8X canvas, ALPH, then the VP8 bitstream
        int vp8 = new String(webp, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("VP8 ");
        // The frame header's width and height (14 bits each) after the 3-byte tag and the start code.
        ByteBuffer.wrap(webp, vp8 + 8 + 6, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 16383).putShort((short) 16383);

        InputRejectedException e = assertThrows(InputRejectedException.class, () -> decoder.decode(webp));
        assertTrue(e.getMessage().contains("16383 x 16383"), e.getMessage());
    }

    @Test
    void limitIsConfigurable() {
        BufferedImage image = new BufferedImage(101, 100, BufferedImage.TYPE_INT_RGB);
        byte[] png = TestImages.encode(image, "png");
        assertThrows(InputRejectedException.class, () -> new ImageDecoder(10_000).decode(png));
    }

    @Test
    void truncatedAndForeignBytesAreClearErrors() {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        byte[] png = TestImages.encode(image, "png");
        byte[] truncated = Arrays.copyOf(png, 60);
        InputRejectedException cut = assertThrows(InputRejectedException.class, () -> decoder.decode(truncated));
        assertEquals("Image data is corrupt or truncated", cut.getMessage());

        InputRejectedException gif = assertThrows(InputRejectedException.class,
                () -> decoder.decode("GIF89a....".getBytes()));
        assertTrue(gif.getMessage().startsWith("Unsupported image"), gif.getMessage());
    }

    private static void assertReddish(int px) {
        assertTrue(((px >> 16) & 0xFF) > 180 && (px & 0xFF) < 80, Integer.toHexString(px));
    }

    private static void assertBluish(int px) {
        assertTrue((px & 0xFF) > 180 && ((px >> 16) & 0xFF) < 80, Integer.toHexString(px));
    }

    private static byte[] tiffOrientation(int orientation) {
        return new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,
                (byte) orientation, 0, 0, 0, 0, 0, 0, 0};
    }

    /** A zTXt or iCCP chunk's data: a name, method 0 and a zlib stream of {@code inflatedBytes} zeros. */
    private static byte[] compressed(int inflatedBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Comment".getBytes());
        out.write(0);
        out.write(0);
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < inflatedBytes / zeros.length; i++) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] insertChunkAfterIhdr(byte[] png, String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 8 + 25);
        writeChunk(out, type, data);
        out.write(png, 8 + 25, png.length - 8 - 25);
        return out.toByteArray();
    }

    /** Appends a RIFF chunk to a VP8X WebP, sets the VP8X EXIF flag and fixes the RIFF size. */
    private static byte[] appendWebpChunk(byte[] webp, String fourcc, byte[] data) {
        int padded = data.length + (data.length & 1);
        ByteBuffer out = ByteBuffer.allocate(webp.length + 8 + padded).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put(webp);
        out.put(fourcc.getBytes()).putInt(data.length).put(data);
        if ((data.length & 1) == 1) {
            out.put((byte) 0);
        }
        byte[] bytes = out.array();
        ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, bytes.length - 8);
        bytes[20] |= 0x08; // VP8X flags: EXIF present
        return bytes;
    }

    /** A PNG signature and IHDR claiming the given size, followed by garbage instead of image data. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 64);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        b.putInt(13).put("IHDR".getBytes()).putInt(width).putInt(height).put(new byte[] {8, 6, 0, 0, 0});
        b.putInt(0); // CRC not checked by the header read
        return b.array();
    }

    /** Turns a PNG into a two-frame APNG whose default image (IDAT) is the first frame. */
    private static byte[] toApng(byte[] png) {
        int ihdrEnd = 8 + 25;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, ihdrEnd);
        writeChunk(out, "acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array());
        writeChunk(out, "fcTL", frameControl(0));
        int iendStart = png.length - 12;
        out.write(png, ihdrEnd, iendStart - ihdrEnd);
        writeChunk(out, "fcTL", frameControl(1));
        writeChunk(out, "fdAT", ByteBuffer.allocate(4 + 8).putInt(2).put(new byte[8]).array()); // junk frame 2
        out.write(png, iendStart, 12);
        return out.toByteArray();
    }

    private static byte[] frameControl(int sequence) {
        return ByteBuffer.allocate(26).putInt(sequence).putInt(4).putInt(4).putInt(0).putInt(0)
                .putShort((short) 1).putShort((short) 10).put((byte) 0).put((byte) 0).array();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(8).putInt(data.length).put(type.getBytes());
        out.writeBytes(header.array());
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes());
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
