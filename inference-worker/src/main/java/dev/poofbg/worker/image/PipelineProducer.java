package dev.poofbg.worker.image;

import dev.poofbg.worker.model.SaliencyModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain pipeline classes from configuration and the loaded model. */
@ApplicationScoped
public class PipelineProducer {

    /** The rest of the heap is the service's own (Kafka clients, HTTP, the model's Java side). */
    private static final double HEAP_SHARE = 0.75;

    @Produces
    @Singleton
    ImagePipeline pipeline(PipelineConfig.Image image, PipelineConfig.Mask mask, PipelineConfig.Png png,
                           SaliencyModel model) {
        return new ImagePipeline(
                new ImageDecoder(image.maxPixels()),
                model,
                new MaskUpsampler(mask.guidedFilter(), mask.guidedFilterRadius(), mask.guidedFilterEps()),
                new PngEncoder(png.compressionLevel(), png.filter()),
                image.maxPixelsInFlight().map(PixelBudget::new)
                        .orElseGet(() -> PixelBudget.ofHeap(Runtime.getRuntime().maxMemory(), HEAP_SHARE)));
    }
}
