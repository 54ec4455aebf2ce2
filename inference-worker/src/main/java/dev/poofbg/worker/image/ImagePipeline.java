package dev.poofbg.worker.image;

import dev.poofbg.common.image.ImageHeader;
import dev.poofbg.worker.InputRejectedException;
import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/** Image bytes in, transparent PNG out: decode, segment, upsample the mask, compose, encode. */
public final class ImagePipeline {
    private final ImageDecoder decoder;
    private final SaliencyModel model;
    private final MaskUpsampler upsampler;
    private final PngEncoder encoder;
    private final PixelBudget budget;
    private final Stages stages;

    public ImagePipeline(ImageDecoder decoder, SaliencyModel model, MaskUpsampler upsampler, PngEncoder encoder,
                         PixelBudget budget) {
        this(decoder, model, upsampler, encoder, budget, Stages.UNTIMED);
    }

    public ImagePipeline(ImageDecoder decoder, SaliencyModel model, MaskUpsampler upsampler, PngEncoder encoder,
                         PixelBudget budget, Stages stages) {
        this.decoder = decoder;
        this.model = model;
        this.upsampler = upsampler;
        this.encoder = encoder;
        this.budget = budget;
        this.stages = stages;
    }

    public CutoutResult cutOut(byte[] input) throws InputRejectedException {
        ImageHeader header = decoder.header(input);
        try (PixelBudget.Admission admitted = budget.admit(header.pixelCount())) {
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
            byte[] png;
            try (Stages.Stage ignored = stages.begin("encode")) {
                png = encoder.encodeRgba(image.width(), image.height(), new Compositor(image, alpha));
            }
            return new CutoutResult(png, image.width(), image.height());
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
