package dev.poofbg.worker.bench;

import dev.poofbg.worker.image.MaskCleanup;

import java.io.File;
import java.util.List;

/**
 * Evaluation program (not a test): blob removal and hole filling on the model's mask ({@link MaskCleanup}), several
 * settings against the model's mask as is, on the 60 composites ({@link VariantEvaluation}); a variant's time is the
 * clean-up plus the guided filter. Usage: MaskCleanupEvaluation &lt;quality-set-dir&gt;; results go to
 * docs/quality.md.
 */
public final class MaskCleanupEvaluation {

    public static void main(String[] args) throws Exception {
        File root = new File(args.length > 0 ? args[0] : "target/quality-set");
        List<VariantEvaluation.Variant> variants = List.of(
                cleanedBy("model's mask as is", null),
                cleanedBy("blobs < 2 % of the largest part", new MaskCleanup(0.02, 0)),
                cleanedBy("blobs < 10 %", new MaskCleanup(0.10, 0)),
                cleanedBy("blobs < 2 %, holes < 0.5 %", new MaskCleanup(0.02, 0.005)),
                cleanedBy("blobs < 2 %, holes < 2 %", new MaskCleanup(0.02, 0.02)));
        try (var model = BenchModels.u2netp()) {
            VariantEvaluation.run(root, model, variants);
        }
    }

    private static VariantEvaluation.Variant cleanedBy(String name, MaskCleanup cleanup) {
        return new VariantEvaluation.Variant(name, input -> new VariantEvaluation.Output(VariantEvaluation.GUIDED.alpha(
                cleanup == null ? input.mask() : cleanup.clean(input.mask()), input.image()), input.image().argb()));
    }
}
