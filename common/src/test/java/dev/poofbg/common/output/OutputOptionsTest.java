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
        assertThat(options.margin()).isEqualTo(new OutputOptions.Margin(0, false));
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
        assertThat(options.margin().pixels(200)).isEqualTo(pixelsOf200);
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
    }
}
