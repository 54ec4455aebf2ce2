package dev.poofbg.worker.image;

import dev.poofbg.worker.model.SaliencyMask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskCleanupTest {

    private static final int SIZE = 64;
    private final MaskCleanup cleanup = new MaskCleanup(0.02, 0.01);

    /** A 30 x 30 subject with a soft one-pixel fringe. */
    private static float[] subject() {
        float[] values = new float[SIZE * SIZE];
        for (int y = 10; y < 40; y++) {
            for (int x = 10; x < 40; x++) {
                values[y * SIZE + x] = 1f;
            }
        }
        for (int x = 9; x <= 40; x++) {
            values[9 * SIZE + x] = 0.3f;
            values[40 * SIZE + x] = 0.3f;
        }
        return values;
    }

    private static float at(SaliencyMask mask, int x, int y) {
        return mask.values()[y * SIZE + x];
    }

    @Test
    void aDetachedBlobOfFivePixelsGoesWithItsFringe() {
        float[] values = subject();
        int[][] blob = {{50, 50}, {51, 50}, {52, 50}, {50, 51}, {51, 51}};
        for (int[] p : blob) {
            values[p[1] * SIZE + p[0]] = 0.9f;
        }
        values[52 * SIZE + 50] = 0.2f; // the blob's own soft fringe
        SaliencyMask cleaned = cleanup.clean(new SaliencyMask(SIZE, SIZE, values));
        for (int[] p : blob) {
            assertThat(at(cleaned, p[0], p[1])).isZero();
        }
        assertThat(at(cleaned, 50, 52)).isZero();
        assertThat(at(cleaned, 20, 20)).isEqualTo(1f);
        assertThat(at(cleaned, 20, 9)).isEqualTo(0.3f);
    }

    @Test
    void aOnePixelWideStalkJoinedToTheSubjectStays() {
        float[] values = subject();
        for (int y = 40; y < 62; y++) {
            values[y * SIZE + 25] = 0.8f; // a stalk 22 pixels long, one wide, below the subject
        }
        for (int y = 40; y < 62; y++) {
            values[y * SIZE + 26] = 0.1f; // and its soft side
        }
        SaliencyMask cleaned = cleanup.clean(new SaliencyMask(SIZE, SIZE, values));
        for (int y = 40; y < 62; y++) {
            assertThat(at(cleaned, 25, y)).isEqualTo(0.8f);
            assertThat(at(cleaned, 26, y)).isEqualTo(0.1f);
        }
    }

    @Test
    void aPinholeIsFilledButAnOpeningAsLargeAsAHandleStays() {
        float[] values = subject();
        values[20 * SIZE + 20] = 0f; // a one-pixel hole: 1 of 900 pixels of the subject
        for (int y = 25; y < 35; y++) {
            for (int x = 25; x < 35; x++) {
                values[y * SIZE + x] = 0f; // a 10 x 10 opening: 100 pixels, more than 1 % of the subject
            }
        }
        SaliencyMask cleaned = cleanup.clean(new SaliencyMask(SIZE, SIZE, values));
        assertThat(at(cleaned, 20, 20)).isEqualTo(1f);
        assertThat(at(cleaned, 30, 30)).isZero();
    }

    @Test
    void twoSubjectsOfSimilarSizeBothStayAndAnEmptyMaskIsUnchanged() {
        float[] values = subject();
        for (int y = 45; y < 60; y++) {
            for (int x = 45; x < 60; x++) {
                values[y * SIZE + x] = 1f; // a second subject, a quarter of the first
            }
        }
        SaliencyMask cleaned = cleanup.clean(new SaliencyMask(SIZE, SIZE, values));
        assertThat(at(cleaned, 50, 50)).isEqualTo(1f);
        SaliencyMask empty = new SaliencyMask(SIZE, SIZE, new float[SIZE * SIZE]);
        assertThat(cleanup.clean(empty)).isSameAs(empty);
    }
}
