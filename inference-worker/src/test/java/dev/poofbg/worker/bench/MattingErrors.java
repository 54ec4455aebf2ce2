package dev.poofbg.worker.bench;

import java.util.Arrays;

/**
 * The gradient and connectivity errors of the matting literature (C. Rhemann et al., <i>A Perceptually Motivated
 * Online Benchmark for Image Matting</i>, CVPR 2009), which follow human judgement of an alpha matte better than its
 * MAE. Both are summed over the edge band and reported per band pixel, times 1000, so that composites of different
 * sizes compare.
 */
final class MattingErrors {

    private static final double SIGMA = 1.4;
    private static final double STEP = 0.1;

    private MattingErrors() {
    }

    /** (|grad alpha| - |grad truth|)^2, gradients by first derivatives of a Gaussian of sigma 1.4. */
    static double gradient(byte[] alpha, float[] truth, int width, int height, boolean[] band) {
        float[] predicted = new float[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            predicted[i] = (alpha[i] & 0xFF) / 255f;
        }
        float[] p = magnitude(predicted, width, height);
        float[] t = magnitude(truth, width, height);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < p.length; i++) {
            if (band[i]) {
                double d = p[i] - t[i];
                sum += d * d;
                n++;
            }
        }
        return n == 0 ? 0 : 1000 * sum / n;
    }

    /**
     * Where each pixel stops being connected (4-neighbours) to the largest region that both mattes hold above a
     * threshold, stepping the threshold by 0.1; the degree of connectivity is 1 - (alpha - that level) where the
     * difference is at least 0.15, else 1; the error is |phi(predicted) - phi(truth)|.
     */
    static double connectivity(byte[] alpha, float[] truth, int width, int height, boolean[] band) {
        int size = width * height;
        float[] level = new float[size];
        Arrays.fill(level, -1);
        boolean[] both = new boolean[size];
        int[] labels = new int[size];
        int[] queue = new int[size];
        for (int step = 1; step <= Math.round(1 / STEP); step++) {
            float threshold = (float) (step * STEP);
            for (int i = 0; i < size; i++) {
                both[i] = (alpha[i] & 0xFF) / 255f >= threshold - 1e-6f && truth[i] >= threshold - 1e-6f;
            }
            boolean[] largest = largestComponent(both, width, height, labels, queue);
            float previous = (float) ((step - 1) * STEP);
            for (int i = 0; i < size; i++) {
                if (level[i] < 0 && !largest[i]) {
                    level[i] = previous;
                }
            }
        }
        double sum = 0;
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (!band[i]) {
                continue;
            }
            float l = level[i] < 0 ? 1 : level[i];
            double predicted = (alpha[i] & 0xFF) / 255.0 - l;
            double expected = truth[i] - l;
            double phiPredicted = 1 - (predicted >= 0.15 ? predicted : 0);
            double phiTruth = 1 - (expected >= 0.15 ? expected : 0);
            sum += Math.abs(phiPredicted - phiTruth);
            n++;
        }
        return n == 0 ? 0 : 1000 * sum / n;
    }

    private static boolean[] largestComponent(boolean[] mask, int width, int height, int[] labels, int[] queue) {
        Arrays.fill(labels, 0);
        int label = 0;
        int bestLabel = 0;
        int bestSize = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || labels[start] != 0) {
                continue;
            }
            label++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            labels[start] = label;
            while (head < tail) {
                int i = queue[head++];
                int x = i % width;
                int y = i / width;
                if (x > 0 && mask[i - 1] && labels[i - 1] == 0) {
                    labels[i - 1] = label;
                    queue[tail++] = i - 1;
                }
                if (x < width - 1 && mask[i + 1] && labels[i + 1] == 0) {
                    labels[i + 1] = label;
                    queue[tail++] = i + 1;
                }
                if (y > 0 && mask[i - width] && labels[i - width] == 0) {
                    labels[i - width] = label;
                    queue[tail++] = i - width;
                }
                if (y < height - 1 && mask[i + width] && labels[i + width] == 0) {
                    labels[i + width] = label;
                    queue[tail++] = i + width;
                }
            }
            if (tail > bestSize) {
                bestSize = tail;
                bestLabel = label;
            }
        }
        boolean[] largest = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            largest[i] = bestLabel != 0 && labels[i] == bestLabel;
        }
        return largest;
    }

    /** |grad| by separable Gaussian-derivative filters (radius 3 sigma), edges clamped. */
    private static float[] magnitude(float[] image, int width, int height) {
        int radius = (int) Math.ceil(3 * SIGMA);
        float[] gauss = new float[2 * radius + 1];
        float[] derivative = new float[2 * radius + 1];
        double norm = 0;
        double derivativeNorm = 0;
        for (int k = -radius; k <= radius; k++) {
            double g = Math.exp(-k * k / (2 * SIGMA * SIGMA));
            gauss[k + radius] = (float) g;
            derivative[k + radius] = (float) (-k * g);
            norm += g;
            derivativeNorm += k * k * g;
        }
        for (int k = 0; k < gauss.length; k++) {
            gauss[k] /= (float) norm;
            derivative[k] /= (float) derivativeNorm;
        }
        float[] gx = convolve(convolve(image, width, height, derivative, true), width, height, gauss, false);
        float[] gy = convolve(convolve(image, width, height, gauss, true), width, height, derivative, false);
        float[] out = new float[image.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.sqrt(gx[i] * gx[i] + gy[i] * gy[i]);
        }
        return out;
    }

    private static float[] convolve(float[] in, int width, int height, float[] kernel, boolean horizontal) {
        int radius = kernel.length / 2;
        float[] out = new float[in.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    int sx = horizontal ? Math.max(0, Math.min(width - 1, x + k)) : x;
                    int sy = horizontal ? y : Math.max(0, Math.min(height - 1, y + k));
                    sum += in[sy * width + sx] * kernel[k + radius];
                }
                out[y * width + x] = sum;
            }
        }
        return out;
    }
}
