package dev.poofbg.worker.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The encoders of the formats other than PNG: JPEG (ImageIO, at a set quality) and lossless WebP. */
public final class ImageEncoders {

    private final float jpegQuality;
    private final WebpEncoder webp;

    public ImageEncoders(float jpegQuality, WebpEncoder webp) {
        this.jpegQuality = jpegQuality;
        this.webp = webp;
    }

    /** Lossless WebP with alpha: decodes to exactly these pixels. */
    byte[] webp(int[] argb, int width, int height) {
        return webp.encodeLossless(argb, width, height);
    }

    /** Opaque JPEG of the colours (alpha ignored: the caller flattened them). */
    byte[] jpeg(int[] argb, int width, int height) {
        return writeJpeg(wrap(argb, width, height, false));
    }

    /** The pixels as an image without a copy: {@code alpha} reads the top byte, otherwise it is ignored. */
    static BufferedImage wrap(int[] argb, int width, int height, boolean alpha) {
        DirectColorModel model = alpha
                ? new DirectColorModel(32, 0xFF0000, 0xFF00, 0xFF, 0xFF000000)
                : new DirectColorModel(24, 0xFF0000, 0xFF00, 0xFF);
        WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(argb, argb.length), width, height, width,
                model.getMasks(), null);
        return new BufferedImage(model, raster, false, null);
    }

    byte[] jpegGrey(byte[] grey, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(grey, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, grey.length);
        return writeJpeg(image);
    }

    private byte[] writeJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality);
        return write(writer, image, param);
    }

    /** Encodes in memory and disposes of the writer. */
    static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory image encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
