package dev.poofbg.worker.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

@ConfigMapping(prefix = "poof.model")
public interface ModelConfig {

    enum Kind {
        /** U^2-Net-p in Java; weights packaged with the worker unless {@code path} names a .params file. */
        U2NETP,
        /** Full U^2-Net in Java; {@code path} must name a .params file written by OnnxToDjl. */
        U2NET,
        /** A TorchScript file at {@code path}, run by DJL's PyTorch engine. */
        TORCHSCRIPT
    }

    @WithDefault("u2netp")
    Kind kind();

    /** Weights file: DJL .params for the U^2-Net kinds, a TorchScript .pt for torchscript. */
    Optional<Path> path();

    /** Square input side the image is resized to before the forward pass. */
    @WithDefault("320")
    int inputSize();

    /** Per-channel (R,G,B) mean of [0,1] pixel values. */
    @WithDefault("0.485,0.456,0.406")
    List<Float> mean();

    /** Per-channel (R,G,B) standard deviation of [0,1] pixel values. */
    @WithDefault("0.229,0.224,0.225")
    List<Float> std();

    @WithDefault("auto")
    SaliencyModels.DeviceChoice device();

    /** libtorch intra-op threads; unset: libtorch's default (one per core). */
    OptionalInt intraOpThreads();

    /**
     * Cut-outs of a generated photo run at start-up, before the worker reports ready, so that the first jobs do not
     * pay for the JIT and the engine's first calls (about 200 ms more for the first prediction). 0: none.
     */
    @WithDefault("2")
    int warmUpPasses();
}
