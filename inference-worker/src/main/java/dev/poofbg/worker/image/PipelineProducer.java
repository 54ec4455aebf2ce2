package dev.poofbg.worker.image;

import dev.poofbg.worker.model.SaliencyModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain pipeline classes from configuration and the loaded model. */
@ApplicationScoped
public class PipelineProducer {

    @Produces
    @Singleton
    ImagePipeline pipeline(PipelineConfig.Image image, PipelineConfig.Mask mask, PipelineConfig.Png png,
                           SaliencyModel model, Stages stages) {
        return new ImagePipeline(
                new ImageDecoder(image.maxPixels()),
                new ImageDecoder(Math.min(image.maxPixels(), image.maxBackgroundPixels())),
                model,
                new MaskUpsampler(mask.guidedFilter(), mask.guidedFilterRadius(), mask.guidedFilterEps()),
                new PngEncoder(png.compressionLevel(), png.filter()),
                image.maxPixelsInFlight().map(PixelBudget::new)
                        .orElseGet(() -> PixelBudget.ofHeap(Runtime.getRuntime().maxMemory())),
                new ImageEncoders(image.jpegQuality(), new WebpEncoder(image.webpMethod())),
                image.foregroundEstimation(),
                mask.blobFraction() > 0 || mask.holeFraction() > 0
                        ? new MaskCleanup(mask.blobFraction(), mask.holeFraction()) : null,
                mask.edgeMatting() ? EdgeMatting.DEFAULT : null,
                stages);
    }
}
