package dev.poofbg.worker.image;

import dev.poofbg.common.image.ImageHeader;
import dev.poofbg.common.output.OutputOptions;
import dev.poofbg.worker.InputRejectedException;
import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Image bytes in, the result out: decode, segment, upsample the mask, then the default full-size RGBA PNG directly, or
 * what the job's output options ask for ({@link OutputRenderer}).
 */
public final class ImagePipeline {
    private final ImageDecoder decoder;
    private final SaliencyModel model;
    private final MaskUpsampler upsampler;
    private final PngEncoder encoder;
    private final PixelBudget budget;
    private final OutputRenderer renderer;
    private final Stages stages;

    public ImagePipeline(ImageDecoder decoder, SaliencyModel model, MaskUpsampler upsampler, PngEncoder encoder,
                         PixelBudget budget) {
        this(decoder, model, upsampler, encoder, budget, new ImageEncoders(0.9f, new WebpEncoder(0)), Stages.UNTIMED);
    }

    ImagePipeline(ImageDecoder decoder, SaliencyModel model, MaskUpsampler upsampler, PngEncoder encoder,
                  PixelBudget budget, ImageEncoders encoders, Stages stages) {
        this.decoder = decoder;
        this.model = model;
        this.upsampler = upsampler;
        this.encoder = encoder;
        this.budget = budget;
        this.renderer = new OutputRenderer(encoder, encoders);
        this.stages = stages;
    }

    /** The default result: a full-size RGBA PNG. */
    public CutoutResult cutOut(byte[] input) throws InputRejectedException {
        return cutOut(input, OutputOptions.DEFAULT);
    }

    public CutoutResult cutOut(byte[] input, OutputOptions options) throws InputRejectedException {
        ImageHeader header = decoder.header(input);
        // Options other than the default hold the output's pixels (4 more bytes each) beside the image while encoding.
        long admitted = options.equals(OutputOptions.DEFAULT)
                ? header.pixelCount()
                : header.pixelCount() * (PixelBudget.HEAP_BYTES_PER_PIXEL + 4) / PixelBudget.HEAP_BYTES_PER_PIXEL;
        try (PixelBudget.Admission admission = budget.admit(admitted)) {
            DecodedImage image;
            try (Stages.Stage ignored = stages.begin("decode")) {
                image = decoder.decode(input, header);
            }
            // The guide needs only the image: it is computed on another core while this one prepares the
            // model's input (single-threaded), instead of after the model.
            CompletableFuture<MaskUpsampler.Guide> guide = CompletableFuture.supplyAsync(
                    () -> upsampler.guide(image, model.maskWidth(), model.maskHeight()), ForkJoinPool.commonPool());
            byte[] alpha;
            try (Stages.Stage ignored = stages.begin("model")) {
                SaliencyMask mask;
                try {
                    mask = model.predict(image.rgbImage());
                } catch (RuntimeException e) {
                    guide.exceptionally(failed -> null).join(); // it holds the image, which the admission counts
                    throw e;
                }
                alpha = upsampler.alpha(mask, await(guide));
            }
            try (Stages.Stage ignored = stages.begin("encode")) {
                if (!options.equals(OutputOptions.DEFAULT)) {
                    return renderer.render(image, alpha, options);
                }
                byte[] png = encoder.encodeRgba(image.width(), image.height(), new Compositor(image, alpha));
                Box subject = OutputRenderer.subjectBox(OutputRenderer.combinedAlpha(image, alpha), image.width(),
                        image.height());
                return new CutoutResult(png, OutputOptions.Format.PNG, image.width(), image.height(),
                        subject.isEmpty() ? new Box(0, 0, image.width(), image.height()) : subject);
            }
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
