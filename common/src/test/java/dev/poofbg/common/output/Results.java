package dev.poofbg.common.output;

/** Results for tests that emit completed events: a PNG of the given size whose subject fills it. */
public final class Results {

    private Results() {
    }

    public static OutputResult png(int width, int height) {
        return new OutputResult(OutputOptions.Format.PNG, width, height, 1000L,
                new OutputResult.Foreground(0, 0, width, height));
    }
}
