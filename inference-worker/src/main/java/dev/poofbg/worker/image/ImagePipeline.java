package dev.poofbg.worker.image;

import dev.poofbg.common.image.ImageHeader;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.worker.InputRejectedException;
import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Image bytes in, the result out: decode, segment (the region of interest only, when there is one), upsample the mask,
 * then the default full-size RGBA PNG directly, or what the job's output options ask for ({@link OutputRenderer}); either
 * way with the result's thumbnail.
 */
public final class ImagePipeline {
    private final ImageDecoder decoder;
    private final ImageDecoder backgroundDecoder;
    private final SaliencyModel model;
    private final MaskUpsampler upsampler;
    private final PngEncoder encoder;
    private final PixelBudget budget;
    private final OutputRenderer renderer;
    private final boolean foregroundEstimation;
    /** Null: the mask as the model gave it. */
    private final MaskCleanup cleanup;
    /** Null: the upsampled mask's edges as they are. */
    private final EdgeMatting matting;
    private final Stages stages;

    /** The shipped steps around the given parts: blob removal and edge matting, no blur-fusion. */
    public ImagePipeline(ImageDecoder decoder, SaliencyModel model, MaskUpsampler upsampler, PngEncoder encoder,
                         PixelBudget budget) {
        this(decoder, model, upsampler, encoder, budget, false, EdgeMatting.DEFAULT);
    }

    /**
     * {@code foregroundEstimation}: the edge colours estimated by blur-fusion ({@link ForegroundEstimator}) or left
     * as they are; {@code matting}: the mask's uncertain band matted ({@link EdgeMatting}), or null.
     */
    public ImagePipeline(ImageDecoder decoder, SaliencyModel model, MaskUpsampler upsampler, PngEncoder encoder,
                         PixelBudget budget, boolean foregroundEstimation, EdgeMatting matting) {
        this(decoder, decoder, model, upsampler, encoder, budget, new ImageEncoders(0.9f, new WebpEncoder(0)),
                foregroundEstimation, MaskCleanup.DEFAULT, matting, Stages.UNTIMED);
    }

    ImagePipeline(ImageDecoder decoder, ImageDecoder backgroundDecoder, SaliencyModel model, MaskUpsampler upsampler,
                  PngEncoder encoder, PixelBudget budget, ImageEncoders encoders, boolean foregroundEstimation,
                  MaskCleanup cleanup, EdgeMatting matting, Stages stages) {
        this.decoder = decoder;
        this.backgroundDecoder = backgroundDecoder;
        this.model = model;
        this.upsampler = upsampler;
        this.encoder = encoder;
        this.budget = budget;
        this.renderer = new OutputRenderer(encoder, encoders);
        this.foregroundEstimation = foregroundEstimation;
        this.cleanup = cleanup;
        this.matting = matting;
        this.stages = stages;
    }

    /** The default result: a full-size RGBA PNG. */
    public CutoutResult cutOut(byte[] input) throws InputRejectedException {
        return cutOut(input, OutputOptions.DEFAULT);
    }

    public CutoutResult cutOut(byte[] input, OutputOptions options) throws InputRejectedException {
        return cutOut(input, options, null);
    }

    /** {@code background}: the bytes of the options' {@code bg_image_url}, null when they name none. */
    public CutoutResult cutOut(byte[] input, OutputOptions options, byte[] background) throws InputRejectedException {
        ImageHeader header = decoder.header(input);
        ImageHeader backgroundHeader = background == null ? null : backgroundHeader(background);
        // Options other than the default hold the output's pixels (4 more bytes each) beside the image while encoding,
        // a moved subject its canvas (5), a background image its own pixels (4).
        long bytesPerPixel = options.equals(OutputOptions.DEFAULT) ? PixelBudget.HEAP_BYTES_PER_PIXEL
                : PixelBudget.HEAP_BYTES_PER_PIXEL + 4 + (options.placesSubject() ? 5 : 0);
        long admitted = header.pixelCount() * bytesPerPixel / PixelBudget.HEAP_BYTES_PER_PIXEL
                + (backgroundHeader == null ? 0 : backgroundHeader.pixelCount() * 4 / PixelBudget.HEAP_BYTES_PER_PIXEL);
        try (PixelBudget.Admission admission = budget.admit(admitted)) {
            DecodedImage image;
            try (Stages.Stage ignored = stages.begin("decode")) {
                image = decoder.decode(input, header);
            }
            byte[] alpha;
            try (Stages.Stage ignored = stages.begin("model")) {
                alpha = segment(image, options);
            }
            if (matting != null) {
                try (Stages.Stage ignored = stages.begin("matting")) {
                    matting.refine(image, alpha, modelPixel(image, options), true);
                }
            }
            if (foregroundEstimation) {
                try (Stages.Stage ignored = stages.begin("foreground")) {
                    ForegroundEstimator.decontaminate(image, OutputRenderer.combinedAlpha(image, alpha));
                }
            }
            try (Stages.Stage ignored = stages.begin("encode")) {
                if (!options.equals(OutputOptions.DEFAULT)) {
                    DecodedImage backdrop = background == null ? null : decodeBackground(background, backgroundHeader);
                    return renderer.render(image, alpha, options, backdrop);
                }
                byte[] png = encoder.encodeRgba(image.width(), image.height(), new Compositor(image, alpha));
                byte[] combined = OutputRenderer.combinedAlpha(image, alpha);
                Box subject = OutputRenderer.subjectBox(combined, image.width(), image.height());
                return new CutoutResult(png, OutputOptions.Format.PNG, image.width(), image.height(),
                        subject.isEmpty() ? new Box(0, 0, image.width(), image.height()) : subject,
                        OutputRenderer.thumbnail(image, combined));
            }
        }
    }

    /** How many image pixels one pixel of the model's mask spans: the model sees the region of interest, if any. */
    private float modelPixel(DecodedImage image, OutputOptions options) {
        int maskWidth = model.maskWidth();
        int maskHeight = model.maskHeight();
        return options.region(image.width(), image.height())
                .map(r -> EdgeMatting.modelPixel(r.right() - r.left(), r.bottom() - r.top(), maskWidth, maskHeight))
                .orElseGet(() -> EdgeMatting.modelPixel(image.width(), image.height(), maskWidth, maskHeight));
    }

    /** The image's alpha at full size; outside the region of interest, if there is one, nothing is subject. */
    private byte[] segment(DecodedImage image, OutputOptions options) throws InputRejectedException {
        Optional<OutputOptions.Region> roi = options.region(image.width(), image.height());
        if (roi.isEmpty()) {
            return alpha(image);
        }
        OutputOptions.Region region = roi.get();
        int width = region.right() - region.left();
        int height = region.bottom() - region.top();
        if (width <= 0 || height <= 0) {
            throw new InputRejectedException(String.format(Locale.ROOT,
                    "roi %s holds no pixel of the %d x %d image", options.roi(), image.width(), image.height()));
        }
        int[] pixels = image.argb();
        int[] inside = new int[width * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, (region.top() + y) * image.width() + region.left(), inside, y * width, width);
        }
        byte[] regionAlpha = alpha(DecodedImage.of(inside, width, height, image.hasAlpha()));
        byte[] alpha = new byte[image.width() * image.height()];
        for (int y = 0; y < height; y++) {
            System.arraycopy(regionAlpha, y * width, alpha, (region.top() + y) * image.width() + region.left(), width);
        }
        return alpha;
    }

    private byte[] alpha(DecodedImage image) {
        // The guide needs only the image: it is computed on another core while this one prepares the
        // model's input (single-threaded), instead of after the model.
        CompletableFuture<MaskUpsampler.Guide> guide = CompletableFuture.supplyAsync(
                () -> upsampler.guide(image, model.maskWidth(), model.maskHeight()), ForkJoinPool.commonPool());
        SaliencyMask mask;
        try {
            mask = model.predict(image.rgbImage());
        } catch (RuntimeException e) {
            guide.exceptionally(failed -> null).join(); // it holds the image, which the admission counts
            throw e;
        }
        return upsampler.alpha(cleanup == null ? mask : cleanup.clean(mask), await(guide));
    }

    private ImageHeader backgroundHeader(byte[] background) throws InputRejectedException {
        try {
            return backgroundDecoder.header(background);
        } catch (InputRejectedException e) {
            throw new InputRejectedException("bg_image_url: " + e.getMessage());
        }
    }

    private DecodedImage decodeBackground(byte[] background, ImageHeader header) throws InputRejectedException {
        try {
            return backgroundDecoder.decode(background, header);
        } catch (InputRejectedException e) {
            throw new InputRejectedException("bg_image_url: " + e.getMessage());
        }
    }

    private static MaskUpsampler.Guide await(CompletableFuture<MaskUpsampler.Guide> guide) {
        try {
            return guide.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
