package dev.poofbg.worker.model.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import dev.poofbg.worker.model.SaliencyModels;
import dev.poofbg.worker.model.u2net.U2Net;
import dev.poofbg.worker.model.u2net.U2NetVariant;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Build-time import of U^2-Net weights from an exported ONNX graph into DJL's parameter format.
 * <p>
 * The Conv nodes of the graph appear in the model's execution order, as do the convolutions of {@link U2Net}, so
 * they are matched one to one; every kernel shape, dilation, padding and stride is checked, so a graph of another
 * architecture fails loudly instead of loading garbage. (BatchNorm is already folded into the convolutions.)
 * <p>
 * Usage: {@code OnnxToDjl <model.onnx> <u2netp|u2net> <out.params> [expected-sha256]}; the build runs it in
 * process-classes so the parameters are packaged with the worker.
 */
public final class OnnxToDjl {

    private OnnxToDjl() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: OnnxToDjl <model.onnx> <u2netp|u2net> <out.params> [expected-sha256]");
            System.exit(2);
        }
        Path onnx = Path.of(args[0]);
        U2NetVariant variant = U2NetVariant.valueOf(args[1].toUpperCase(Locale.ROOT));
        Path out = Path.of(args[2]);
        String onnxSha = sha256(onnx);
        if (args.length == 4 && !onnxSha.equalsIgnoreCase(args[3])) {
            System.err.printf("OnnxToDjl: %s has sha256 %s, expected %s; refusing to import it%n", onnx, onnxSha, args[3]);
            System.exit(1);
        }
        // The stamp records which source produced which output, so an incremental build skips the import.
        Path stamp = Path.of(onnx + "." + variant.id() + ".imported");
        if (Files.isRegularFile(out) && Files.isRegularFile(stamp)
                && Files.readString(stamp).equals(onnxSha + " " + sha256(out))) {
            System.out.printf("OnnxToDjl: %s is up to date%n", out);
            return;
        }
        SaliencyModels.configureEngine(OptionalInt.empty());
        int count = convert(OnnxReader.read(onnx), variant, out);
        Files.writeString(stamp, onnxSha + " " + sha256(out));
        System.out.printf("OnnxToDjl: %d convolutions of %s imported from %s into %s%n", count, variant.id(), onnx, out);
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the parameters atomically (temp file + move) so an interrupted build never leaves half a file. */
    public static int convert(OnnxGraph graph, U2NetVariant variant, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(out.getFileName() + ".tmp");
        try (NDManager manager = NDManager.newBaseManager();
                OutputStream os = Files.newOutputStream(tmp)) {
            U2Net net = new U2Net(variant);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            int count = load(graph, net, manager);
            try (DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(os))) {
                net.saveParameters(dos);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return count;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies the graph's convolution weights into an initialised network; returns the number of convolutions. */
    public static int load(OnnxGraph graph, U2Net net, NDManager manager) {
        List<OnnxGraph.Node> nodes = graph.nodesOfType("Conv");
        List<Conv2d> convs = net.convolutions();
        if (nodes.size() != convs.size()) {
            throw new OnnxFormatException("graph has " + nodes.size() + " Conv nodes, " + net.variant().id()
                    + " has " + convs.size() + " convolutions");
        }
        for (int i = 0; i < convs.size(); i++) {
            OnnxGraph.Node node = nodes.get(i);
            Conv2d conv = convs.get(i);
            String where = "Conv #" + i + " (" + node.name() + ")";
            checkAttributes(node, conv, where);
            if (node.inputs().size() != 3) {
                throw new OnnxFormatException(where + ": expected inputs X, W, B but got " + node.inputs());
            }
            copy(graph, node.inputs().get(1), conv.getParameters().get("weight"), where);
            copy(graph, node.inputs().get(2), conv.getParameters().get("bias"), where);
        }
        return convs.size();
    }

    private static void checkAttributes(OnnxGraph.Node node, Conv2d conv, String where) {
        long k = conv.getKernelShape().get(0);
        long d = conv.getDilation().isScalar() || conv.getDilation().dimension() == 0 ? 1 : conv.getDilation().get(0);
        long p = conv.getPadding().dimension() == 0 ? 0 : conv.getPadding().get(0);
        expect(where, "kernel_shape", node.ints("kernel_shape", null), new long[] {k, k});
        expect(where, "dilations", node.ints("dilations", new long[] {1, 1}), new long[] {d, d});
        expect(where, "pads", node.ints("pads", new long[] {0, 0, 0, 0}), new long[] {p, p, p, p});
        expect(where, "strides", node.ints("strides", new long[] {1, 1}), new long[] {1, 1});
        expect(where, "group", node.ints("group", new long[] {1}), new long[] {1});
    }

    private static void expect(String where, String attribute, long[] actual, long[] expected) {
        if (!Arrays.equals(actual, expected)) {
            throw new OnnxFormatException(where + ": " + attribute + " " + Arrays.toString(actual) + ", expected "
                    + Arrays.toString(expected));
        }
    }

    private static void copy(OnnxGraph graph, String initializer, Parameter parameter, String where) {
        OnnxGraph.Tensor tensor = graph.initializers().get(initializer);
        if (tensor == null) {
            throw new OnnxFormatException(where + ": initializer " + initializer + " missing");
        }
        Shape expected = parameter.getArray().getShape();
        if (!Arrays.equals(tensor.dims(), expected.getShape())) {
            throw new OnnxFormatException(where + ": " + initializer + " has dims " + Arrays.toString(tensor.dims())
                    + ", " + parameter.getName() + " expects " + expected);
        }
        parameter.getArray().set(FloatBuffer.wrap(tensor.data()));
    }
}
