package dev.poofbg.worker.bench;

import ai.djl.Device;
import dev.poofbg.worker.model.ImagePreprocessor;
import dev.poofbg.worker.model.SaliencyModel;
import dev.poofbg.worker.model.SaliencyModels;
import dev.poofbg.worker.model.u2net.U2NetVariant;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Loads U^2-Net-p for the programs in this package the way the service does, outside CDI. */
final class BenchModels {
    private BenchModels() {
    }

    /** The packaged weights, or the .params file named by -Dpoof.model.path. */
    static SaliencyModel u2netp() throws IOException {
        return u2netp(320);
    }

    /** As {@link #u2netp()}, seeing the image at {@code inputSize} square (the network is fully convolutional). */
    static SaliencyModel u2netp(int inputSize) throws IOException {
        String threads = System.getProperty("poof.model.intra-op-threads");
        SaliencyModels.configureEngine(threads == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(threads)));
        ImagePreprocessor preprocessor = u2netpPreprocessor(inputSize);
        String path = System.getProperty("poof.model.path");
        if (path == null) {
            return SaliencyModels.packagedU2netp(Device.cpu(), preprocessor);
        }
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return SaliencyModels.u2net(U2NetVariant.U2NETP, in, Device.cpu(), preprocessor);
        }
    }

    /** U^2-Net-p's input: 320x320, ImageNet mean and standard deviation. */
    static ImagePreprocessor u2netpPreprocessor() {
        return u2netpPreprocessor(320);
    }

    static ImagePreprocessor u2netpPreprocessor(int size) {
        return new ImagePreprocessor(size, size, new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f});
    }

    /** Peak resident set size of this process, from /proc (Linux). */
    static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: n/a").replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "VmHWM: n/a";
        }
    }
}
