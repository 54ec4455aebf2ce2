package dev.poofbg.worker.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.poofbg.worker.model.ImagePreprocessor;
import dev.poofbg.worker.model.InferenceThreads;
import dev.poofbg.worker.model.ModelFixtures;
import dev.poofbg.worker.model.SaliencyModel;
import dev.poofbg.worker.model.SaliencyModels;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.DoubleStream;

/**
 * Benchmark program (not a test): U^2-Net-p forward pass on DJL's PyTorch engine against ONNX Runtime on the same
 * weights, same input tensor, same thread count, runs interleaved so that load from other processes hits both
 * alike. Also times the max-pool lever in isolation, the whole predict() (pre + forward + post), two predict()
 * calls at once (a worker with two jobs in flight), and both engines' throughput with two passes at once.
 * <p>
 * Run through deploy/local/bench-model.sh (sets the environment). Arguments: {@code [runs] [warmup] [threads]
 * [cpu|gpu]}.
 */
public final class ModelForwardBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        String deviceName = args.length > 3 ? args[3] : "cpu";
        SaliencyModels.configureEngine(OptionalInt.of(threads));
        ai.djl.engine.Engine.getEngine(SaliencyModels.ENGINE); // loads libtorch with the thread settings
        Device device = "gpu".equals(deviceName) ? SaliencyModels.device(SaliencyModels.DeviceChoice.GPU)
                : Device.cpu();

        System.out.println("== U^2-Net-p forward, 1x3x320x320 float32");
        System.out.println(machine(threads, device));

        BufferedImage photo = ModelFixtures.photo("astronaut.jpg");
        ImagePreprocessor pre = new ImagePreprocessor(320, 320, ModelFixtures.MEAN, ModelFixtures.STD);
        float[] chw = pre.toChw(photo);
        float[] hwc = pre.toHwc(photo);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (Model model = ModelFixtures.javaU2netp(device);
                OrtSession session = ModelFixtures.ortSession(env, threads)) {
            // As the translator feeds it: channels-last memory viewed as NCHW.
            Supplier<float[]> nativeForward = () -> {
                try (NDManager manager = model.getNDManager().newSubManager()) {
                    NDArray input = manager.create(FloatBuffer.wrap(hwc), new Shape(1, 320, 320, 3))
                            .transpose(0, 3, 1, 2);
                    return model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false)
                            .singletonOrThrow().toFloatArray();
                }
            };
            // The same network fed contiguous NCHW, to show what the memory format is worth.
            Supplier<float[]> nchwForward = () -> {
                try (NDManager manager = model.getNDManager().newSubManager()) {
                    NDArray input = manager.create(FloatBuffer.wrap(chw), new Shape(1, 3, 320, 320));
                    return model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false)
                            .singletonOrThrow().toFloatArray();
                }
            };
            Supplier<float[]> ortForward = () -> {
                try {
                    return ModelFixtures.ortD0(env, session, chw, 320, 320);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            System.out.printf(Locale.ROOT, "parity: max|d0 native - d0 onnxruntime| = %.2e; device %s%n",
                    ModelFixtures.maxAbsDiff(nativeForward.get(), ortForward.get()), device);
            for (int i = 0; i < warmup; i++) {
                nativeForward.get();
                nchwForward.get();
                ortForward.get();
            }
            double[] nat = new double[runs];
            double[] nchw = new double[runs];
            double[] ort = new double[runs];
            for (int i = 0; i < runs; i++) {
                nat[i] = timeMs(nativeForward);
                nchw[i] = timeMs(nchwForward);
                ort[i] = timeMs(ortForward);
            }
            Stats n = Stats.of(nat);
            Stats c = Stats.of(nchw);
            Stats o = Stats.of(ort);
            System.out.printf(Locale.ROOT, "%-28s median %7.1f ms   p90 %7.1f ms   min %7.1f ms%n",
                    "native, channels-last input", n.median, n.p90, n.min);
            System.out.printf(Locale.ROOT, "%-28s median %7.1f ms   p90 %7.1f ms   min %7.1f ms%n",
                    "native, NCHW input", c.median, c.p90, c.min);
            System.out.printf(Locale.ROOT, "%-28s median %7.1f ms   p90 %7.1f ms   min %7.1f ms%n",
                    "ONNX Runtime (cpu)", o.median, o.p90, o.min);
            System.out.printf(Locale.ROOT, "speed native/ORT (ORT median / native median): %.2fx  (>1: native faster)%n",
                    o.median / n.median);

            try (SaliencyModel saliency = SaliencyModels.packagedU2netp(device, pre)) {
                for (int i = 0; i < warmup; i++) {
                    saliency.predict(photo);
                }
                double[] e2e = new double[runs];
                for (int i = 0; i < runs; i++) {
                    e2e[i] = timeMs(() -> saliency.predict(photo));
                }
                Stats p = Stats.of(e2e);
                System.out.printf(Locale.ROOT, "%-28s median %7.1f ms   p90 %7.1f ms  (512x512 photo: resize, "
                        + "normalise, forward, min-max)%n", "predict() end to end", p.median, p.p90);
                Rate predictions = twoAtOnce(() -> saliency.predict(photo), runs);
                System.out.printf(Locale.ROOT, "%-28s median %7.1f ms   p90 %7.1f ms  (%.2f jobs/s; one at a time %.2f)%n",
                        "predict(), two at once", predictions.each.median, predictions.each.p90,
                        predictions.perSecond, 1000 / p.median);
            }
            if (!device.isGpu()) {
                throughput(env, nativeForward, chw, runs);
            }
            if (device.isGpu()) {
                return;
            }
            maxPoolLever(model, runs);
        }
    }

    /**
     * Two forward passes at once, as a worker with two jobs in flight runs them: native with the worker's share of
     * the intra-op threads (one each on two), ONNX Runtime on a session of one intra-op thread called from both
     * threads (its best arrangement for two requests on two cores). Passes per second on each engine, and their
     * ratio: the throughput of a busy worker, where the single-pass figures above are a quiet worker's latency.
     */
    private static void throughput(OrtEnvironment env,
            Supplier<float[]> nativeForward, float[] chw, int runs) throws Exception {
        try (OrtSession oneThread = ModelFixtures.ortSession(env, 1)) {
            Supplier<float[]> nativeShare = () -> {
                InferenceThreads.enter();
                try {
                    return nativeForward.get();
                } finally {
                    InferenceThreads.exit();
                }
            };
            Supplier<float[]> ort = () -> {
                try {
                    return ModelFixtures.ortD0(env, oneThread, chw, 320, 320);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            twoAtOnce(nativeShare, 2);
            twoAtOnce(ort, 2);
            Rate n = twoAtOnce(nativeShare, runs);
            Rate o = twoAtOnce(ort, runs);
            Rate n2 = twoAtOnce(nativeShare, runs);
            Rate o2 = twoAtOnce(ort, runs);
            System.out.printf(Locale.ROOT, "%-28s median %7.1f ms   p90 %7.1f ms  (%.2f passes/s, then %.2f)%n",
                    "native forward, two at once", n.each.median, n.each.p90, n.perSecond, n2.perSecond);
            System.out.printf(Locale.ROOT, "%-28s median %7.1f ms   p90 %7.1f ms  (%.2f passes/s, then %.2f)%n",
                    "ORT forward, two at once", o.each.median, o.each.p90, o.perSecond, o2.perSecond);
            System.out.printf(Locale.ROOT, "throughput native/ORT, two at once: %.2fx, then %.2fx  (>1: native faster)%n",
                    n.perSecond / o.perSecond, n2.perSecond / o2.perSecond);
        }
    }

    /** Two threads running {@code work} {@code runs} times each at once: each call's time, and calls per second. */
    private static Rate twoAtOnce(Supplier<?> work, int runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<double[]> loop = () -> {
                double[] times = new double[runs];
                for (int i = 0; i < runs; i++) {
                    times[i] = timeMs(work);
                }
                return times;
            };
            long start = System.nanoTime();
            Future<double[]> first = pool.submit(loop);
            Future<double[]> second = pool.submit(loop);
            double[] both = DoubleStream.concat(Arrays.stream(first.get()), Arrays.stream(second.get())).toArray();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Rate(Stats.of(both), both.length / seconds);
        } finally {
            pool.shutdown();
        }
    }

    private record Rate(Stats each, double perSecond) {
    }

    /** The pooling lever alone: PyTorch's eager max_pool2d(ceil_mode) vs the strided-slice maximum used here. */
    private static void maxPoolLever(Model model, int runs) {
        long[][] shapes = {{1, 64, 320, 320}, {1, 16, 160, 160}, {1, 64, 161, 161}};
        for (long[] dims : shapes) {
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDArray x = manager.randomNormal(new Shape(dims));
                Shape two = new Shape(2, 2);
                Supplier<NDArray> eager = () -> JniUtils.maxPool((PtNDArray) x, two, two, new Shape(0, 0), true);
                Supplier<NDArray> sliced = () -> dev.poofbg.worker.model.u2net.OpsAccess.maxPool2x2Ceil(x);
                try (NDArray a = eager.get(); NDArray b = sliced.get()) {
                    if (!a.contentEquals(b)) {
                        throw new IllegalStateException("max-pool variants differ for " + x.getShape());
                    }
                }
                double[] e = new double[runs];
                double[] s = new double[runs];
                for (int i = 0; i < runs; i++) {
                    e[i] = timeMs(() -> eager.get().close());
                    s[i] = timeMs(() -> sliced.get().close());
                }
                System.out.printf(Locale.ROOT, "max-pool 2x2 ceil %-18s eager %6.2f ms   strided-slice max %6.2f ms"
                        + "   (medians, identical output)%n", x.getShape(), Stats.of(e).median, Stats.of(s).median);
            }
        }
    }

    private static String machine(int threads, Device device) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                .orElse("?");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        return String.format(Locale.ROOT,
                "machine: %s, %d cores visible, %d GiB RAM, load average at start %s%n"
                        + "jvm: %s %s; libtorch intra-op threads %d (ORT intra-op %d, inter-op 1); device %s%n"
                        + "env: LD_PRELOAD=%s MALLOC_CONF=%s OMP_WAIT_POLICY=%s",
                cpu, Runtime.getRuntime().availableProcessors(),
                Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean()).getTotalMemorySize() / (1024.0 * 1024 * 1024)),
                load, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                JniUtils.getNumThreads(), threads, device,
                System.getenv().getOrDefault("LD_PRELOAD", "-"), System.getenv().getOrDefault("MALLOC_CONF", "-"),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "-"));
    }

    private static double timeMs(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double timeMs(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private record Stats(double median, double p90, double min) {
        static Stats of(double[] samples) {
            double[] s = samples.clone();
            Arrays.sort(s);
            return new Stats(s[s.length / 2], s[(int) Math.ceil(0.9 * s.length) - 1], s[0]);
        }
    }
}
