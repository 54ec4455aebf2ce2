package dev.poofbg.worker.image;

import dev.poofbg.worker.model.SaliencyMask;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Removes the small detached blobs the model adds and fills the pinholes it leaves, on the mask at model resolution
 * (before upsampling, so it costs the same whatever the image's size). The subject's core is the mask at 0.5 or
 * more; core parts (8-connected) smaller than {@code keepFraction} of the largest are dropped together with the soft
 * fringe around them, and every soft pixel not connected to a kept part through pixels above {@link #SOFT_FLOOR} goes
 * to zero. Parts are judged whole, so a thin stalk or a strand of hair joined to the subject stays whatever its
 * width. Background pockets (4-connected, not touching the border) smaller than {@code holeFraction} of the largest
 * part are filled; larger ones (a mug's handle, a ring) stay open.
 */
public final class MaskCleanup {

    /** The shipped setting of {@code poof.mask.blob-fraction}: measured in docs/quality.md, "Blobs and holes". */
    public static final String DEFAULT_BLOB_FRACTION = "0.02";
    /** The shipped clean-up: blobs only. */
    public static final MaskCleanup DEFAULT = new MaskCleanup(Double.parseDouble(DEFAULT_BLOB_FRACTION), 0);

    static final float CORE = 0.5f;
    /** Below this the mask is background noise: it does not join a fringe to its part. */
    static final float SOFT_FLOOR = 0.05f;

    private final double keepFraction;
    private final double holeFraction;

    public MaskCleanup(double keepFraction, double holeFraction) {
        this.keepFraction = keepFraction;
        this.holeFraction = holeFraction;
    }

    public SaliencyMask clean(SaliencyMask mask) {
        int width = mask.width();
        int height = mask.height();
        float[] values = mask.values();
        int[] labels = new int[values.length];
        int[] queue = new int[values.length];
        // Core parts, 8-connected; sizes[label] is each part's area.
        int[] sizes = new int[16];
        int parts = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= CORE && labels[i] == 0) {
                parts++;
                if (parts == sizes.length) {
                    sizes = Arrays.copyOf(sizes, sizes.length * 2);
                }
                labels[i] = parts;
                queue[0] = i;
                sizes[parts] = spread(labels, queue, 1, width, height, parts, n -> values[n] >= CORE, true);
            }
        }
        if (parts == 0) {
            return mask;
        }
        int largest = 0;
        for (int label = 1; label <= parts; label++) {
            largest = Math.max(largest, sizes[label]);
        }
        double keepArea = keepFraction * largest;
        // From the kept parts, spread through every pixel above the floor: the fringe that belongs to them.
        int[] reached = new int[values.length];
        int seeds = 0;
        for (int i = 0; i < values.length; i++) {
            if (labels[i] > 0 && sizes[labels[i]] >= keepArea) {
                reached[i] = 1;
                queue[seeds++] = i;
            }
        }
        spread(reached, queue, seeds, width, height, 1, n -> values[n] > SOFT_FLOOR, true);
        float[] cleaned = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            cleaned[i] = reached[i] == 1 ? values[i] : 0f;
        }
        fillHoles(cleaned, width, height, holeFraction * largest, queue);
        return new SaliencyMask(width, height, cleaned);
    }

    /** Background pockets below {@code maxArea} that do not touch the border become subject. */
    private static void fillHoles(float[] values, int width, int height, double maxArea, int[] queue) {
        if (maxArea < 1) {
            return;
        }
        int[] labels = new int[values.length];
        int label = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] < CORE && labels[i] == 0) {
                label++;
                labels[i] = label;
                queue[0] = i;
                int area = spread(labels, queue, 1, width, height, label, n -> values[n] < CORE, false);
                boolean touchesBorder = false;
                for (int k = 0; k < area; k++) {
                    int p = queue[k];
                    int x = p % width;
                    int y = p / width;
                    if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
                        touchesBorder = true;
                        break;
                    }
                }
                if (!touchesBorder && area <= maxArea) {
                    for (int k = 0; k < area; k++) {
                        values[queue[k]] = 1f;
                    }
                }
            }
        }
    }

    /**
     * Breadth-first from the {@code seeds} pixels at the front of {@code queue} (already labelled): gives
     * {@code label} to every unlabelled pixel reached through pixels that {@code pass}, 8-connected or 4-connected.
     * Leaves the region's pixels at the front of {@code queue} and answers its area.
     */
    private static int spread(int[] labels, int[] queue, int seeds, int width, int height, int label, IntPredicate pass,
                              boolean eightConnected) {
        int head = 0;
        int tail = seeds;
        while (head < tail) {
            int i = queue[head++];
            int x = i % width;
            int y = i / width;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if ((dx == 0 && dy == 0) || (!eightConnected && dx != 0 && dy != 0)) {
                        continue;
                    }
                    int nx = x + dx;
                    int ny = y + dy;
                    if (nx >= 0 && ny >= 0 && nx < width && ny < height) {
                        int n = ny * width + nx;
                        if (labels[n] == 0 && pass.test(n)) {
                            labels[n] = label;
                            queue[tail++] = n;
                        }
                    }
                }
            }
        }
        return tail;
    }
}
