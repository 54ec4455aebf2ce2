package dev.poofbg.worker.image;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPWriteParam;

import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Lossless WebP with alpha through libwebp (the usefulness/webp-imageio binding, its natives bundled), in "exact"
 * mode: the colours under transparent pixels are kept, so the file decodes to exactly the pixels given.
 */
public final class WebpEncoder {

    private static final WebPImageWriterSpi WRITERS = new WebPImageWriterSpi();

    /** libwebp's effort, 0 (fastest) to 6 (smallest). */
    private final int method;

    public WebpEncoder(int method) {
        this.method = method;
    }

    byte[] encodeLossless(int[] argb, int width, int height) {
        BufferedImage image = ImageEncoders.wrap(argb, width, height, true);
        ImageWriter writer = WRITERS.createWriterInstance(null);
        WebPWriteParam param = new WebPWriteParam(Locale.ROOT);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(CompressionType.Lossless);
        param.setMethod(method);
        param.setExact(true);
        return ImageEncoders.write(writer, image, param);
    }
}
