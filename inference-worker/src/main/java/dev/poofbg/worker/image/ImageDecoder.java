package dev.poofbg.worker.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.poofbg.common.image.ImageHeader;
import dev.poofbg.common.image.ImageSniffer;
import dev.poofbg.common.image.ImageType;
import dev.poofbg.common.image.UnsupportedImageException;
import dev.poofbg.worker.InputRejectedException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * Decodes JPEG, PNG and WebP into {@link DecodedImage}: pixel count checked from the header before
 * any pixel is decoded, EXIF orientation applied, grayscale / 16-bit / palette / CMYK / alpha inputs
 * normalised to 8-bit ARGB, animated inputs reduced to their first frame.
 */
public final class ImageDecoder {
    private static final String TWELVEMONKEYS = "com.twelvemonkeys.";
    static {
        ImageIO.setUseCache(false); // decode from memory, never through temporary files
        // ImageIO finds plugins through the context class loader of whichever thread touches it first;
        // register TwelveMonkeys (WebP, CMYK JPEG) from the application's loader, whatever that thread is.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ImageDecoder.class.getClassLoader());
        try {
            ImageIO.scanForPlugins();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static final int MAX_JPEG_SCANS = 100;

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public DecodedImage decode(byte[] data) throws InputRejectedException {
        return decode(data, header(data));
    }

    /** The image's type and size from its header, refused when it is not an image or is over the limits. */
    public ImageHeader header(byte[] data) throws InputRejectedException {
        ImageHeader header;
        try {
            header = ImageSniffer.readHeader(new ByteArrayInputStream(data));
        } catch (UnsupportedImageException e) {
            throw new InputRejectedException("Unsupported image: " + e.getMessage());
        } catch (IOException e) {
            throw new InputRejectedException("Unsupported image: the file could not be read");
        }
        checkPixels(header.width(), header.height());
        return header;
    }

    /** Decodes {@code data}, whose {@link #header(byte[])} is {@code header}. */
    public DecodedImage decode(byte[] data, ImageHeader header) throws InputRejectedException {
        if (header.type() == ImageType.JPEG) {
            checkScans(data);
        }
        // JPEG has no transparency: a fourth channel is ink (CMYK without an Adobe marker), never alpha.
        DecodedImage stored = toArgb(read(data, header.type()), header.type() != ImageType.JPEG);
        // The decoder's own raster is garbage by now: a 40 MP photo turned by its EXIF orientation needs only the
        // stored and the turned pixels at once (320 MB), not the raster besides (it ran a 768 MB heap out).
        return ExifOrientation.apply(stored, ExifOrientation.read(data, header.type()));
    }

    private void checkPixels(long width, long height) throws InputRejectedException {
        if (width * height > maxPixels) {
            throw new InputRejectedException(String.format(Locale.ROOT,
                    "Image is too large: %d x %d pixels exceeds the limit of %.1f megapixels",
                    width, height, maxPixels / 1e6));
        }
        if (ImageHeader.exceedsMaxSide(width, height)) {
            throw new InputRejectedException(String.format(Locale.ROOT,
                    "Image is too large: %d x %d pixels, no side may be longer than %d pixels",
                    width, height, ImageHeader.MAX_SIDE));
        }
    }

    /**
     * A progressive JPEG is decoded scan by scan, each scan visiting every block of the image: a small file of
     * many tiny scans over 40 megapixels would keep a worker busy for hours. Encoders write one scan (baseline) or
     * about ten (progressive).
     */
    private static void checkScans(byte[] jpeg) throws InputRejectedException {
        int[] scans = {0};
        JpegSegments.walk(jpeg, (marker, body, length) ->
                marker != JpegSegments.START_OF_SCAN || ++scans[0] <= MAX_JPEG_SCANS);
        if (scans[0] > MAX_JPEG_SCANS) {
            throw new InputRejectedException("Unsupported image: the JPEG has more than " + MAX_JPEG_SCANS
                    + " scans");
        }
    }

    /** TwelveMonkeys' reader where there are several (the WebP encoder's library registers a reader too). */
    private static ImageReader preferred(Iterator<ImageReader> readers) {
        ImageReader chosen = readers.next();
        while (!chosen.getOriginatingProvider().getClass().getName().startsWith(TWELVEMONKEYS) && readers.hasNext()) {
            ImageReader next = readers.next();
            if (next.getOriginatingProvider().getClass().getName().startsWith(TWELVEMONKEYS)) {
                chosen.dispose();
                chosen = next;
            } else {
                next.dispose();
            }
        }
        return chosen;
    }

    private BufferedImage read(byte[] data, ImageType type) throws InputRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.name().toLowerCase(Locale.ROOT));
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + type);
        }
        ImageReader reader = preferred(readers);
        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(data)) {
            reader.setInput(in, false, true);
            // The reader's view can differ from the container header (e.g. a WebP frame): check again.
            checkPixels(reader.getWidth(0), reader.getHeight(0));
            return reader.read(0);
        } catch (InputRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InputRejectedException("Image data is corrupt or truncated", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The model and the guided filter must see the image as it looks. Under fully transparent pixels some encoders
     * leave the original background (or noise, in lossy WebP), which the model would segment as if it were visible
     * (AlphaInputEvaluation, docs/quality.md).
     */
    private static void clearHiddenColours(int[] argb) {
        for (int i = 0; i < argb.length; i++) {
            if (argb[i] >>> 24 == 0) {
                argb[i] = 0;
            }
        }
    }

    /**
     * Packed 8-bit ARGB. Where the format allows transparency the alpha is kept and the colour under fully
     * transparent pixels cleared; elsewhere every pixel is opaque, whatever the reader made of the channels.
     */
    private static DecodedImage toArgb(BufferedImage src, boolean alphaAllowed) {
        int width = src.getWidth();
        int height = src.getHeight();
        boolean decodedAlpha = src.getColorModel().hasAlpha();
        boolean hasAlpha = decodedAlpha && alphaAllowed;
        DecodedImage out = DecodedImage.allocate(width, height, hasAlpha);
        int[] argb = out.argb();
        switch (src.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> {
                byte[] bgr = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
                for (int i = 0, p = 0; i < argb.length; i++, p += 3) {
                    argb[i] = 0xFF000000 | (bgr[p + 2] & 0xFF) << 16 | (bgr[p + 1] & 0xFF) << 8 | (bgr[p] & 0xFF);
                }
            }
            case BufferedImage.TYPE_4BYTE_ABGR -> {
                byte[] abgr = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
                for (int i = 0, p = 0; i < argb.length; i++, p += 4) {
                    argb[i] = (abgr[p] & 0xFF) << 24 | (abgr[p + 3] & 0xFF) << 16 | (abgr[p + 2] & 0xFF) << 8
                            | (abgr[p + 1] & 0xFF);
                }
            }
            case BufferedImage.TYPE_INT_RGB -> {
                int[] rgb = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < argb.length; i++) {
                    argb[i] = 0xFF000000 | rgb[i];
                }
            }
            case BufferedImage.TYPE_INT_ARGB -> {
                int[] pixels = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
                System.arraycopy(pixels, 0, argb, 0, argb.length);
            }
            default -> {
                if (src.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
                    grayToArgb(src.getRaster(), hasAlpha, argb);
                } else {
                    src.getRGB(0, 0, width, height, argb, 0, width); // palette, 16-bit, custom layouts
                }
            }
        }
        if (hasAlpha) {
            clearHiddenColours(argb);
        } else if (decodedAlpha) {
            for (int i = 0; i < argb.length; i++) {
                argb[i] |= 0xFF000000;
            }
        }
        return out;
    }

    /**
     * Gray samples are taken as they are: going through getRGB would treat PNG gray as linear light
     * and brighten it.
     */
    private static void grayToArgb(Raster raster, boolean hasAlpha, int[] argb) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int shift = raster.getSampleModel().getSampleSize(0) - 8;
        int[] gray = new int[width];
        int[] alpha = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, gray);
            if (hasAlpha) {
                raster.getSamples(0, y, width, 1, 1, alpha);
            }
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int g = scale(gray[x], shift);
                int a = hasAlpha ? scale(alpha[x], shift) : 0xFF;
                argb[row + x] = a << 24 | g << 16 | g << 8 | g;
            }
        }
    }

    private static int scale(int sample, int shift) {
        if (shift >= 0) {
            return sample >> shift;
        }
        // 1, 2 or 4-bit gray: spread the range over 0..255
        int max = (1 << (8 + shift)) - 1;
        return sample * 255 / max;
    }
}
