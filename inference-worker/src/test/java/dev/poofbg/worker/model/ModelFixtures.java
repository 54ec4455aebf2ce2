package dev.poofbg.worker.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.poofbg.worker.model.u2net.U2NetVariant;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared by the model tests and the forward benchmark: the real weights, the real photographs, ONNX Runtime. */
public final class ModelFixtures {

    /** Where the build put the verified download (generate-resources). */
    public static final Path ONNX = Path.of("target/model-download/u2netp.onnx");
    public static final String ONNX_INPUT = "input.1";
    /** d0, the fused mask, after its sigmoid. */
    public static final String ONNX_D0 = "1959";
    public static final List<String> PHOTOS = List.of("astronaut.jpg", "coffee.jpg", "chelsea.jpg", "rocket.jpg");
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ModelFixtures() {
    }

    public static BufferedImage photo(String name) {
        try (InputStream in = ModelFixtures.class.getResourceAsStream("/photos/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test photo " + name);
            }
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path onnx() {
        if (!Files.isRegularFile(ONNX)) {
            throw new IllegalStateException(ONNX.toAbsolutePath() + " is missing: run the Maven build of "
                    + "inference-worker (generate-resources fetches it)");
        }
        return ONNX;
    }

    public static Model javaU2netp(Device device) {
        try (InputStream in = SaliencyModels.packagedU2netpParameters()) {
            return SaliencyModels.loadU2net(U2NetVariant.U2NETP, in, device);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OrtSession ortSession(OrtEnvironment env, int threads) throws OrtException {
        return env.createSession(onnx().toString(), ortOptions(threads));
    }

    /**
     * The exported graph declares a fixed 320x320 input although every op in it adapts to the input size. This
     * rewrites the declared spatial dims (protobuf {@code dim { dim_value: 320 }}, bytes 0A 03 08 C0 02) to
     * {@code side} in place, which keeps every length prefix valid for sides whose varint also takes two bytes.
     */
    public static OrtSession ortSession(OrtEnvironment env, int threads, int side) throws OrtException, IOException {
        if (side < 128 || side > 16383) {
            throw new IllegalArgumentException("side must encode as a two-byte varint");
        }
        byte[] model = Files.readAllBytes(onnx());
        byte[] pattern = {0x0A, 0x03, 0x08, (byte) 0xC0, 0x02};
        int patched = 0;
        for (int i = 0; i + pattern.length <= model.length; i++) {
            if (java.util.Arrays.equals(model, i, i + pattern.length, pattern, 0, pattern.length)) {
                model[i + 3] = (byte) (0x80 | (side & 0x7F));
                model[i + 4] = (byte) (side >>> 7);
                patched++;
            }
        }
        if (patched == 0) {
            throw new IllegalStateException("no 320 dims found to rewrite");
        }
        return env.createSession(model, ortOptions(threads));
    }

    private static OrtSession.SessionOptions ortOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    /** Runs the ONNX graph; returns d0 as a flat array. */
    public static float[] ortD0(OrtEnvironment env, OrtSession session, float[] chw, int height, int width)
            throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, height, width});
                OrtSession.Result result = session.run(Map.of(ONNX_INPUT, input), Set.of(ONNX_D0))) {
            FloatBuffer d0 = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[d0.remaining()];
            d0.get(out);
            return out;
        }
    }

    /** The largest absolute difference between two arrays of the same length. */
    public static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
