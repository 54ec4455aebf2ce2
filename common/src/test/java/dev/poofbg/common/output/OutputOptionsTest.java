package dev.poofbg.common.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputOptionsTest {

    private static OutputOptions parse(String... pairs) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return OutputOptions.parse(fields::get);
    }

    @Test
    void nothingGivenIsTheDefaultAFullSizeRgbaPng() {
        OutputOptions options = parse();
        assertThat(options).isEqualTo(OutputOptions.DEFAULT);
        assertThat(options.applied()).isEqualTo(OutputOptions.DEFAULT);
        assertThat(options.background()).isEmpty();
        OutputOptions.Margin none = new OutputOptions.Margin(0, false);
        assertThat(options.margins()).isEqualTo(new OutputOptions.Margins(none, none, none, none));
        assertThat(options.region(640, 480)).isEmpty();
        assertThat(options.placesSubject()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"#abc, #aabbcc", "#AABBCC, #aabbcc", "aabbcc, #aabbcc", "#11223344, #11223344", "#112233ff, #112233",
            "SteelBlue, #4682b4", "white, #ffffff", "' #000 ', #000000"})
    void coloursAreNormalised(String given, String normalised) {
        assertThat(parse("bg_color", given).bgColor()).isEqualTo(normalised);
    }

    @Test
    void aColourWithAlphaComposesWithThatAlphaAndTransparentMeansNone() {
        assertThat(parse("bg_color", "#11223344").background()).contains(0x44112233);
        assertThat(parse("bg_color", "#112233").background()).contains(0xFF112233);
        assertThat(parse("bg_color", "transparent").bgColor()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"30, 30, 30", "30px, 30, 30", "10%, 10%, 20", "0, 0, 0", "500, 500, 500", "50%, 50%, 100"})
    void marginsArePixelsOrAPercentageOfTheSubjectBox(String given, String normalised, int pixelsOf200) {
        OutputOptions options = parse("crop", "true", "crop_margin", given);
        assertThat(options.cropMargin()).isEqualTo(normalised);
        assertThat(options.margins().left().pixels(200)).isEqualTo(pixelsOf200);
        assertThat(options.margins().top().pixels(200)).isEqualTo(pixelsOf200);
    }

    @Test
    void twoMarginsAreTopAndBottomThenLeftAndRightFourAreCssOrder() {
        OutputOptions.Margins two = parse("crop_margin", "10px  5%").margins();
        assertThat(parse("crop_margin", "10px  5%").cropMargin()).isEqualTo("10 5%");
        assertThat(two.top()).isEqualTo(two.bottom()).isEqualTo(new OutputOptions.Margin(10, false));
        assertThat(two.left()).isEqualTo(two.right()).isEqualTo(new OutputOptions.Margin(5, true));
        OutputOptions.Margins four = parse("crop_margin", "1 2 3% 4").margins();
        assertThat(four).isEqualTo(new OutputOptions.Margins(new OutputOptions.Margin(1, false),
                new OutputOptions.Margin(2, false), new OutputOptions.Margin(3, true), new OutputOptions.Margin(4, false)));
        assertThatThrownBy(() -> parse("crop_margin", "1 2 3")).hasMessageContaining("one, two or four lengths");
        assertThatThrownBy(() -> parse("crop_margin", "1 2 3 600")).hasMessageContaining("at most 500 pixels");
    }

    @Test
    void aRegionOfInterestIsInPixelsOrPercentAndClippedToTheImage() {
        OutputOptions percent = OutputOptions.DEFAULT.placed(OutputOptions.roi("10% 20% 50% 100%"), null, null, null);
        assertThat(percent.region(200, 100)).contains(new OutputOptions.Region(20, 20, 100, 100));
        OutputOptions pixels = OutputOptions.DEFAULT.placed(OutputOptions.roi(" 5px 0PX 900px 40px "), null, null, null);
        assertThat(pixels.roi()).isEqualTo("5px 0px 900px 40px");
        assertThat(pixels.region(200, 100)).contains(new OutputOptions.Region(5, 0, 200, 40));
        // Entirely outside: the region holds no pixel, which the worker refuses.
        OutputOptions outside = OutputOptions.DEFAULT.placed(OutputOptions.roi("300px 0px 400px 10px"), null, null, null);
        OutputOptions.Region clipped = outside.region(200, 100).orElseThrow();
        assertThat(clipped.right()).isLessThanOrEqualTo(clipped.left());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0% 0% 100%", "0 0 10 10", "0% 0% 101% 100%", "10px 0px 5px 10px",
            "a b c d", "-1px 0px 10px 10px"})
    void anInvalidRegionIsRefused(String roi) {
        assertThatThrownBy(() -> OutputOptions.roi(roi)).isInstanceOf(OutputOptions.InvalidOptionException.class)
                .hasMessageStartingWith("roi must");
    }

    @Test
    void scaleAndPositionPlaceTheSubjectAScaledSubjectIsCentredByDefault() {
        assertThat(OutputOptions.scale("original")).isNull();
        assertThat(OutputOptions.position("original")).isNull();
        OutputOptions scaled = OutputOptions.DEFAULT.placed(null, OutputOptions.scale("80%"), null, null);
        assertThat(scaled.placesSubject()).isTrue();
        assertThat(scaled.scaleFraction()).hasValue(0.8);
        assertThat(scaled.positionFractions()).hasValueSatisfying(xy -> assertThat(xy).containsExactly(0.5, 0.5));
        assertThat(OutputOptions.position("center")).isEqualTo("50% 50%");
        assertThat(OutputOptions.position("25%")).isEqualTo("25% 25%");
        OutputOptions moved = OutputOptions.DEFAULT.placed(null, null, OutputOptions.position("0% 100%"), null);
        assertThat(moved.scaleFraction()).isEmpty();
        assertThat(moved.positionFractions()).hasValueSatisfying(xy -> assertThat(xy).containsExactly(0.0, 1.0));
        assertThatThrownBy(() -> OutputOptions.scale("5%")).hasMessageStartingWith("scale must be");
        assertThatThrownBy(() -> OutputOptions.scale("101%")).hasMessageStartingWith("scale must be");
        assertThatThrownBy(() -> OutputOptions.position("50% 50% 50%")).hasMessageStartingWith("position must be");
        assertThatThrownBy(() -> OutputOptions.position("left")).hasMessageStartingWith("position must be");
    }

    @Test
    void zipIsOnlyForTheCompatibilityEndpoint() {
        assertThatThrownBy(() -> parse("format", "zip")).hasMessage("format must be one of png, webp, jpg");
        OutputOptions zip = OutputOptions.parse(Map.of("format", "zip")::get, OutputOptions.Format.values());
        assertThat(zip.format()).isEqualTo(OutputOptions.Format.ZIP);
        assertThat(zip.format().mediaType()).isEqualTo("application/zip");
    }

    @Test
    void anImageBackgroundMeansNoWhiteFlatteningForJpeg() {
        OutputOptions options = parse("format", "jpg").placed(null, null, null, "https://example.com/bg.jpg");
        assertThat(options.applied().bgColor()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "format|gif|format must be one of png, webp, jpg",
            "channels|rgb|channels must be one of rgba, alpha",
            "size|4k|size must be one of preview, medium, hd, full",
            "crop|yes|crop must be true or false",
            "crop_margin|501|crop_margin must be at most 500 pixels or 50%",
            "crop_margin|51%|crop_margin must be at most 500 pixels or 50%",
            "crop_margin|-3|crop_margin must be pixels (30 or 30px) or a percentage (10%)",
            "crop_margin|99999999999|crop_margin must be pixels (30 or 30px) or a percentage (10%)",
            "bg_color|#12|bg_color must be #rgb, #rrggbb, #rrggbbaa or a CSS colour name (e.g. white, steelblue)",
            "bg_color|notacolour|bg_color must be #rgb, #rrggbb, #rrggbbaa or a CSS colour name (e.g. white, steelblue)"})
    void anInvalidValueNamesTheOptionAndWhatItAccepts(String name, String value, String message) {
        assertThatThrownBy(() -> parse(name, value)).isInstanceOf(OutputOptions.InvalidOptionException.class)
                .hasMessage(message);
    }

    @Test
    void jpegIsFlattenedOntoWhiteUnlessAColourIsGiven() {
        assertThat(parse("format", "jpg").applied().bgColor()).isEqualTo("#ffffff");
        assertThat(parse("format", "jpg", "bg_color", "navy").applied().bgColor()).isEqualTo("#000080");
        assertThat(parse("format", "JPG").format()).isEqualTo(OutputOptions.Format.JPG);
        assertThat(OutputOptions.Format.JPG.mediaType()).isEqualTo("image/jpeg");
        assertThat(OutputOptions.Format.WEBP.extension()).isEqualTo("webp");
    }

    @Test
    void optionsTravelAsSnakeCaseJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        OutputOptions options = parse("format", "webp", "channels", "alpha", "bg_color", "red", "crop", "true",
                "crop_margin", "10%", "size", "preview");
        String text = json.writeValueAsString(options);
        assertThat(text).isEqualTo("{\"format\":\"webp\",\"channels\":\"alpha\",\"bg_color\":\"#ff0000\",\"crop\":true,"
                + "\"crop_margin\":\"10%\",\"size\":\"preview\"}");
        assertThat(json.readValue(text, OutputOptions.class)).isEqualTo(options);
        OutputOptions placed = options.placed("0% 0% 50% 50%", "80%", "50% 0%", "https://example.com/bg.jpg");
        String placedText = json.writeValueAsString(placed);
        assertThat(placedText).endsWith("\"roi\":\"0% 0% 50% 50%\",\"scale\":\"80%\",\"position\":\"50% 0%\","
                + "\"bg_image_url\":\"https://example.com/bg.jpg\"}");
        assertThat(json.readValue(placedText, OutputOptions.class)).isEqualTo(placed);
    }
}
