package dev.poofbg.worker.image;

import dev.poofbg.common.image.ImageHeader;
import dev.poofbg.worker.InputRejectedException;
import dev.poofbg.worker.model.SaliencyMask;
import dev.poofbg.worker.model.SaliencyModel;

/** Image bytes in, transparent PNG out: decode, segment, upsample the mask, compose, encode. */
public final class ImagePipeline {
    private final ImageDecoder decoder;
    private final SaliencyModel model;
    private final MaskUpsampler upsampler;
    private final PngEncoder encoder;
    private final PixelBudget budget;

    public ImagePipeline(ImageDecoder decoder, SaliencyModel model, MaskUpsampler upsampler, PngEncoder encoder,
                         PixelBudget budget) {
        this.decoder = decoder;
        this.model = model;
        this.upsampler = upsampler;
        this.encoder = encoder;
        this.budget = budget;
    }

    public CutoutResult cutOut(byte[] input) throws InputRejectedException {
        ImageHeader header = decoder.header(input);
        try (PixelBudget.Admission admitted = budget.admit(header.pixelCount())) {
            DecodedImage image = decoder.decode(input, header);
            SaliencyMask mask = model.predict(image.rgbImage());
            byte[] alpha = upsampler.alpha(mask, image);
            byte[] png = encoder.encodeRgba(image.width(), image.height(), new Compositor(image, alpha));
            return new CutoutResult(png, image.width(), image.height());
        }
    }
}
