package dev.poofbg.common;

import dev.poofbg.common.image.ImageHeader;
import dev.poofbg.common.image.ImageSniffer;
import dev.poofbg.common.image.ImageType;
import dev.poofbg.common.image.UnsupportedImageException;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageSnifferTest {

    private static byte[] encode(String format, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }

    private static ImageHeader header(byte[] bytes) throws IOException {
        return ImageSniffer.readHeader(new ByteArrayInputStream(bytes));
    }

    @Test
    void readsPngAndJpegDimensionsFromRealFiles() throws IOException {
        assertThat(header(encode("png", 123, 45))).isEqualTo(new ImageHeader(ImageType.PNG, 123, 45));
        assertThat(header(encode("jpg", 640, 480))).isEqualTo(new ImageHeader(ImageType.JPEG, 640, 480));
    }

    @Test
    void skipsJpegMetadataSegmentsBeforeTheFrameHeader() throws IOException {
        byte[] jpeg = encode("jpg", 33, 17);
        byte[] app1 = new byte[4 + 60000];
        app1[0] = (byte) 0xFF;
        app1[1] = (byte) 0xE1;
        app1[2] = (byte) ((60002 >> 8) & 0xFF);
        app1[3] = (byte) (60002 & 0xFF);
        byte[] withExif = new byte[jpeg.length + app1.length];
        System.arraycopy(jpeg, 0, withExif, 0, 2);
        System.arraycopy(app1, 0, withExif, 2, app1.length);
        System.arraycopy(jpeg, 2, withExif, 2 + app1.length, jpeg.length - 2);
        assertThat(header(withExif)).isEqualTo(new ImageHeader(ImageType.JPEG, 33, 17));
    }

    @Test
    void aDecompressionBombIsMeasuredWithoutDecoding() throws IOException {
        byte[] png = encode("png", 1, 1);
        ByteBuffer.wrap(png, 16, 8).order(ByteOrder.BIG_ENDIAN).putInt(100_000).putInt(100_000);
        ImageHeader header = header(Arrays.copyOf(png, 33)); // only the signature and IHDR
        assertThat(header.pixelCount()).isEqualTo(10_000_000_000L);
    }

    @Test
    void readsTheThreeWebpFlavours() throws IOException {
        assertThat(header(webp("VP8X", new byte[] {0, 0, 0, 0, (byte) 199, 0, 0, 99, 0, 0})))
                .isEqualTo(new ImageHeader(ImageType.WEBP, 200, 100));
        // VP8L: signature 0x2F, then 14 bits width-1 and 14 bits height-1, little endian
        long bits = (300 - 1) | ((long) (150 - 1) << 14);
        assertThat(header(webp("VP8L", new byte[] {0x2F, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16),
                (byte) (bits >> 24)}))).isEqualTo(new ImageHeader(ImageType.WEBP, 300, 150));
        // VP8: frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height
        assertThat(header(webp("VP8 ", new byte[] {0, 0, 0, (byte) 0x9D, 0x01, 0x2A, (byte) 0x80, 0x02,
                (byte) 0xE0, 0x01}))).isEqualTo(new ImageHeader(ImageType.WEBP, 640, 480));
    }

    @Test
    void anExtendedWebpMeasuresAsItsLargestBitstreamNotItsCanvas() throws IOException {
        byte[] canvas16 = chunk("VP8X", new byte[] {0, 0, 0, 0, 15, 0, 0, 15, 0, 0});
        byte[] lossy16383 = chunk("VP8 ", new byte[] {0, 0, 0, (byte) 0x9D, 0x01, 0x2A, (byte) 0xFF, 0x3F,
                (byte) 0xFF, 0x3F, 1, 2, 3});
        assertThat(header(riff(canvas16, chunk("ALPH", new byte[7]), lossy16383)))
                .isEqualTo(new ImageHeader(ImageType.WEBP, 16383, 16383));

        long bits = (9_999L) | (4_999L << 14);
        byte[] lossless = chunk("VP8L", new byte[] {0x2F, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16),
                (byte) (bits >> 24)});
        byte[] frame = new byte[16 + lossless.length];
        System.arraycopy(lossless, 0, frame, 16, lossless.length);
        assertThat(header(riff(canvas16, chunk("ANIM", new byte[6]), chunk("ANMF", frame))))
                .isEqualTo(new ImageHeader(ImageType.WEBP, 10_000, 5_000));

        assertThat(header(riff(canvas16, chunk("EXIF", new byte[3]))))
                .as("no bitstream (yet): the canvas").isEqualTo(new ImageHeader(ImageType.WEBP, 16, 16));
    }

    @Test
    void refusesOtherFormatsTruncatedAndEmptyInput() {
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> header(gif)).isInstanceOf(UnsupportedImageException.class);
        assertThatThrownBy(() -> header(new byte[0])).isInstanceOf(UnsupportedImageException.class);
        assertThatThrownBy(() -> header(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13}))
                .isInstanceOf(UnsupportedImageException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> header(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9, 0, 0, 0, 0,
                0, 0, 0, 0})).isInstanceOf(UnsupportedImageException.class);
        assertThat(ImageSniffer.detect("RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    }

    /** A RIFF chunk, padded to an even length. */
    private static byte[] chunk(String fourcc, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fourcc.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), 0, 0});
        out.writeBytes(payload);
        if (payload.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 0, 0});
        out.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    private static byte[] webp(String fourcc, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 0, 0});
        out.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(fourcc.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) payload.length, 0, 0, 0});
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
