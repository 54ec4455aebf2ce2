package dev.poofbg.worker.model.u2net;

import java.util.List;

/**
 * Channel plans of the published U^2-Net models (Qin et al., 2020). Encoder stages 1..6, decoder stages 5d..1d;
 * each side output reads the decoder stage of its level (level 6 reads encoder stage 6).
 */
public enum U2NetVariant {

    /** U^2-Net-p: 1.1 M parameters, 64 channels throughout. */
    U2NETP(
            List.of(rsu(7, 3, 16, 64), rsu(6, 64, 16, 64), rsu(5, 64, 16, 64), rsu(4, 64, 16, 64),
                    rsuF(64, 16, 64), rsuF(64, 16, 64)),
            List.of(rsuF(128, 16, 64), rsu(4, 128, 16, 64), rsu(5, 128, 16, 64), rsu(6, 128, 16, 64),
                    rsu(7, 128, 16, 64))),

    /** U^2-Net full size: 44 M parameters (also the shape of the human-segmentation weights). */
    U2NET(
            List.of(rsu(7, 3, 32, 64), rsu(6, 64, 32, 128), rsu(5, 128, 64, 256), rsu(4, 256, 128, 512),
                    rsuF(512, 256, 512), rsuF(512, 256, 512)),
            List.of(rsuF(1024, 256, 512), rsu(4, 1024, 128, 256), rsu(5, 512, 64, 128), rsu(6, 256, 32, 64),
                    rsu(7, 128, 16, 64)));

    /**
     * One residual U-block: {@code height} levels (RSU-7 .. RSU-4), or the dilated RSU-4F when {@code dilated}.
     */
    public record Stage(int height, boolean dilated, int in, int mid, int out) {
    }

    private final List<Stage> encoder;
    private final List<Stage> decoder;

    U2NetVariant(List<Stage> encoder, List<Stage> decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** Stages 1..6, top (full resolution) first. */
    public List<Stage> encoder() {
        return encoder;
    }

    /** Stages 5d..1d, in execution order (deepest first). */
    public List<Stage> decoder() {
        return decoder;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Stage rsu(int height, int in, int mid, int out) {
        return new Stage(height, false, in, mid, out);
    }

    private static Stage rsuF(int in, int mid, int out) {
        return new Stage(4, true, in, mid, out);
    }
}
