package dev.poofbg.worker.model.onnx;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} the weight import needs: the nodes in graph order and the float
 * initializers by name.
 */
public record OnnxGraph(List<Node> nodes, Map<String, Tensor> initializers) {

    /** A graph node with its integer and integer-list attributes (all that Conv carries). */
    public record Node(String opType, String name, List<String> inputs, List<String> outputs,
            Map<String, long[]> intAttributes) {

        public long[] ints(String attribute, long[] fallback) {
            return intAttributes.getOrDefault(attribute, fallback);
        }
    }

    /** A float32 tensor in row-major order. */
    public record Tensor(String name, long[] dims, float[] data) {
    }

    public List<Node> nodesOfType(String opType) {
        return nodes.stream().filter(n -> n.opType().equals(opType)).toList();
    }
}
