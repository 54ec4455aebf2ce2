package dev.poofbg.worker.model.onnx;

/** The bytes are not an ONNX model this reader can take weights from. */
public class OnnxFormatException extends RuntimeException {

    public OnnxFormatException(String message) {
        super(message);
    }
}
