package dev.poofbg.worker.model.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal protobuf wire-format reader for ONNX files: only {@code ModelProto.graph.node} and
 * {@code ModelProto.graph.initializer} are decoded, everything else is skipped by wire type. It exists so that the
 * build can import weights without ONNX Runtime or generated protobuf classes.
 */
public final class OnnxReader {

    // Field numbers from onnx.proto3.
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_INTS = 8;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int DATA_TYPE_FLOAT = 1;

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LEN = 2;
    private static final int WIRE_FIXED32 = 5;

    private OnnxReader() {
    }

    public static OnnxGraph read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public static OnnxGraph read(byte[] bytes) {
        List<OnnxGraph.Node> nodes = new ArrayList<>();
        Map<String, OnnxGraph.Tensor> initializers = new LinkedHashMap<>();
        boolean sawGraph = false;
        Wire model = new Wire(ByteBuffer.wrap(bytes));
        while (model.hasMore()) {
            long tag = model.varint();
            if (field(tag) == MODEL_GRAPH && wireType(tag) == WIRE_LEN) {
                sawGraph = true;
                Wire graph = model.message();
                while (graph.hasMore()) {
                    long graphTag = graph.varint();
                    if (field(graphTag) == GRAPH_NODE && wireType(graphTag) == WIRE_LEN) {
                        nodes.add(node(graph.message()));
                    } else if (field(graphTag) == GRAPH_INITIALIZER && wireType(graphTag) == WIRE_LEN) {
                        OnnxGraph.Tensor tensor = tensor(graph.message());
                        if (tensor != null) {
                            initializers.put(tensor.name(), tensor);
                        }
                    } else {
                        graph.skip(graphTag);
                    }
                }
            } else {
                model.skip(tag);
            }
        }
        if (!sawGraph) {
            throw new OnnxFormatException("no graph in ONNX model");
        }
        return new OnnxGraph(List.copyOf(nodes), Map.copyOf(initializers));
    }

    private static OnnxGraph.Node node(Wire wire) {
        String opType = "";
        String name = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, long[]> attributes = new LinkedHashMap<>();
        while (wire.hasMore()) {
            long tag = wire.varint();
            switch (field(tag)) {
                case NODE_INPUT -> inputs.add(wire.string(tag));
                case NODE_OUTPUT -> outputs.add(wire.string(tag));
                case NODE_NAME -> name = wire.string(tag);
                case NODE_OP_TYPE -> opType = wire.string(tag);
                case NODE_ATTRIBUTE -> {
                    if (wireType(tag) != WIRE_LEN) {
                        throw new OnnxFormatException("malformed attribute");
                    }
                    attribute(wire.message(), attributes);
                }
                default -> wire.skip(tag);
            }
        }
        return new OnnxGraph.Node(opType, name, List.copyOf(inputs), List.copyOf(outputs), attributes);
    }

    private static void attribute(Wire wire, Map<String, long[]> into) {
        String name = null;
        long[] ints = new long[0];
        boolean hasInt = false;
        while (wire.hasMore()) {
            long tag = wire.varint();
            switch (field(tag)) {
                case ATTR_NAME -> name = wire.string(tag);
                case ATTR_I -> {
                    hasInt = true;
                    ints = new long[] {wire.varint()};
                }
                case ATTR_INTS -> {
                    hasInt = true;
                    ints = concat(ints, wire.varints(tag));
                }
                default -> wire.skip(tag);
            }
        }
        if (name != null && hasInt) {
            into.put(name, ints);
        }
    }

    /** Returns null for non-float tensors, which the weight import never needs. */
    private static OnnxGraph.Tensor tensor(Wire wire) {
        String name = "";
        long[] dims = new long[0];
        int dataType = 0;
        byte[] raw = null;
        float[] floats = new float[0];
        while (wire.hasMore()) {
            long tag = wire.varint();
            switch (field(tag)) {
                case TENSOR_DIMS -> dims = concat(dims, wire.varints(tag));
                case TENSOR_DATA_TYPE -> dataType = (int) wire.varint();
                case TENSOR_NAME -> name = wire.string(tag);
                case TENSOR_RAW_DATA -> raw = wire.bytes(tag);
                case TENSOR_FLOAT_DATA -> floats = concatFloats(floats, wire.fixed32s(tag));
                case TENSOR_DATA_LOCATION -> {
                    if (wire.varint() != 0) {
                        throw new OnnxFormatException("external tensor data is not supported: " + name);
                    }
                }
                default -> wire.skip(tag);
            }
        }
        if (dataType != DATA_TYPE_FLOAT) {
            return null;
        }
        long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        float[] data = floats;
        if (raw != null) {
            if (raw.length != count * Float.BYTES) {
                throw new OnnxFormatException("tensor " + name + ": raw data does not match dims " + Arrays.toString(dims));
            }
            data = new float[(int) count];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else if (data.length != count) {
            throw new OnnxFormatException("tensor " + name + ": float data does not match dims " + Arrays.toString(dims));
        }
        return new OnnxGraph.Tensor(name, dims, data);
    }

    private static int field(long tag) {
        return (int) (tag >>> 3);
    }

    private static int wireType(long tag) {
        return (int) (tag & 7);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] concatFloats(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A bounded view of one protobuf message. */
    private static final class Wire {
        private final ByteBuffer buf;

        Wire(ByteBuffer buf) {
            this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean hasMore() {
            return buf.hasRemaining();
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (!buf.hasRemaining()) {
                    throw new OnnxFormatException("truncated varint");
                }
                byte b = buf.get();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new OnnxFormatException("varint too long");
        }

        private int length() {
            long len = varint();
            if (len < 0 || len > buf.remaining()) {
                throw new OnnxFormatException("length " + len + " exceeds the remaining " + buf.remaining() + " bytes");
            }
            return (int) len;
        }

        Wire message() {
            int len = length();
            ByteBuffer slice = buf.slice(buf.position(), len);
            buf.position(buf.position() + len);
            return new Wire(slice);
        }

        byte[] bytes(long tag) {
            expect(tag, WIRE_LEN);
            byte[] out = new byte[length()];
            buf.get(out);
            return out;
        }

        String string(long tag) {
            return new String(bytes(tag), StandardCharsets.UTF_8);
        }

        /** Repeated int64: packed (length-delimited) or a single unpacked element. */
        long[] varints(long tag) {
            if (wireType(tag) == WIRE_VARINT) {
                return new long[] {varint()};
            }
            Wire packed = message();
            long[] out = new long[8];
            int n = 0;
            while (packed.hasMore()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = packed.varint();
            }
            return Arrays.copyOf(out, n);
        }

        /** Repeated float: packed or a single unpacked fixed32. */
        float[] fixed32s(long tag) {
            if (wireType(tag) == WIRE_FIXED32) {
                return new float[] {buf.getFloat()};
            }
            Wire packed = message();
            float[] out = new float[packed.buf.remaining() / Float.BYTES];
            packed.buf.asFloatBuffer().get(out);
            return out;
        }

        private void expect(long tag, int wireType) {
            if (wireType(tag) != wireType) {
                throw new OnnxFormatException("field " + field(tag) + " has wire type " + wireType(tag));
            }
        }

        void skip(long tag) {
            switch (wireType(tag)) {
                case WIRE_VARINT -> varint();
                case WIRE_FIXED64 -> advance(8);
                case WIRE_LEN -> advance(length());
                case WIRE_FIXED32 -> advance(4);
                default -> throw new OnnxFormatException("unsupported wire type " + wireType(tag));
            }
        }

        private void advance(int n) {
            if (n > buf.remaining()) {
                throw new OnnxFormatException("truncated message");
            }
            buf.position(buf.position() + n);
        }
    }
}
