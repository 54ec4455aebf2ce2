package dev.poofbg.gateway.removebg;

import dev.poofbg.common.net.UrlRules;
import dev.poofbg.common.output.OutputOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** remove.bg's parameters read into PoofBG's options, without a server. */
class RemoveBgParametersTest {

    private static final UrlRules URLS = new UrlRules(2048);

    private static RemoveBgParameters.Request parse(String... pairs) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        if (!params.containsKey("image_url") && !params.containsKey("image_file_b64")) {
            params.put("image_url", "https://example.com/a.jpg");
        }
        return RemoveBgParameters.parse(List.copyOf(params.keySet()), params::get, null, URLS);
    }

    private static void refused(String detail, String... pairs) {
        assertThatThrownBy(() -> parse(pairs)).isInstanceOf(RemoveBgRefusal.class).hasMessage(detail)
                .satisfies(e -> assertThat(((RemoveBgRefusal) e).status()).isEqualTo(400));
    }

    @Test
    void nothingButASourceIsRemoveBgsDefaultAPreviewInAutoFormat() {
        RemoveBgParameters.Request request = parse();
        assertThat(request.source()).isEqualTo(new RemoveBgParameters.Source.Url("https://example.com/a.jpg"));
        assertThat(request.options()).isEqualTo(new OutputOptions(OutputOptions.Format.PNG, OutputOptions.Channels.RGBA,
                null, false, "0", OutputOptions.Size.PREVIEW));
        assertThat(request.type()).isEqualTo("other");
        assertThat(request.withoutEffect()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"preview, PREVIEW", "small, PREVIEW", "regular, PREVIEW", "medium, MEDIUM", "hd, HD", "full, FULL",
            "4k, FULL", "auto, FULL", "50MP, FULL", "' Full ', FULL"})
    void remoteBgsSizeNamesMapToOurs(String size, OutputOptions.Size expected) {
        assertThat(parse("size", size).options().size()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|||PNG", "png|||PNG", "jpeg|||JPG", "webp|||WEBP", "zip|||ZIP",
            "auto|white||JPG", "auto|#ffffff80||PNG", "auto||https://example.com/bg.jpg|JPG", "|red||JPG"})
    void autoIsJpegWhenABackgroundFillsTheResultElsePng(String format, String colour, String background,
                                                        OutputOptions.Format expected) {
        Map<String, String> params = new HashMap<>(Map.of("image_url", "https://example.com/a.jpg"));
        if (format != null) {
            params.put("format", format);
        }
        if (colour != null) {
            params.put("bg_color", colour);
        }
        if (background != null) {
            params.put("bg_image_url", background);
        }
        RemoveBgParameters.Request request = RemoveBgParameters.parse(List.copyOf(params.keySet()), params::get, null,
                URLS);
        assertThat(request.options().format()).isEqualTo(expected);
        assertThat(request.options().bgImageUrl()).isEqualTo(background);
    }

    @Test
    void theMaskAloneIsAPngEvenOnAColour() {
        assertThat(parse("channels", "alpha", "bg_color", "red").options().format()).isEqualTo(OutputOptions.Format.PNG);
    }

    @Test
    void placementParametersAreNormalised() {
        OutputOptions options = parse("roi", "10px 10px 50% 100%", "scale", "75%", "position", "0% 100%", "crop",
                "1", "crop_margin", "30px").options();
        assertThat(options.roi()).isEqualTo("10px 10px 50% 100%");
        assertThat(options.scale()).isEqualTo("75%");
        assertThat(options.position()).isEqualTo("0% 100%");
        assertThat(options.crop()).isTrue();
        assertThat(options.cropMargin()).isEqualTo("30");
        assertThat(parse("scale", "original", "position", "original").options().placesSubject()).isFalse();
    }

    @Test
    void parametersWithoutEffectAreValidatedAndListed() {
        RemoveBgParameters.Request request = parse("type", "product", "type_level", "2", "add_shadow", "true",
                "shadow_type", "3D", "shadow_opacity", "40", "semitransparency", "false");
        assertThat(request.type()).isEqualTo("product");
        assertThat(request.withoutEffect()).containsExactly("type", "type_level", "add_shadow", "shadow_type",
                "shadow_opacity", "semitransparency");
        assertThat(parse("add_shadow", "false", "shadow_type", "none", "type", "auto").withoutEffect()).isEmpty();
    }

    @Test
    void invalidValuesNameTheParameterAndWhatItAccepts() {
        refused("type must be one of auto, person, product, animal, car, transportation, graphics, other",
                "type", "cat");
        refused("type_level must be one of none, 1, 2, latest", "type_level", "3");
        refused("shadow_type must be one of none, 3d, drop, car", "shadow_type", "soft");
        refused("shadow_opacity must be a number from 0 to 100", "shadow_opacity", "101");
        refused("add_shadow must be true or false", "add_shadow", "maybe");
        refused("format must be one of auto, png, jpg, jpeg, webp, zip", "format", "gif");
        refused("channels must be one of rgba, alpha", "channels", "rgb");
        refused("crop_margin must be at most 500 pixels or 50%", "crop_margin", "10% 60%");
        refused("roi must be four lengths x1 y1 x2 y2, each in px or % (e.g. 0% 0% 100% 100%)", "roi", "0 0 10 10");
        refused("scale must be original or a percentage from 10% to 100%", "scale", "200%");
        refused("position must be original, center, or one or two percentages from 0% to 100% (x y)",
                "position", "top");
        refused("Send bg_color or bg_image_url, not both", "bg_color", "red", "bg_image_url",
                "https://example.com/bg.png");
        refused("format zip holds the subject's colours and alpha: it takes no bg_color or bg_image_url",
                "format", "zip", "bg_color", "red");
        refused("bg_image_file is not supported: send the background as bg_image_url", "bg_image_file", "x");
        assertThatThrownBy(() -> parse("bg_image_url", "file:///etc/passwd")).hasMessageStartingWith("bg_image_url ");
        assertThatThrownBy(() -> parse("image_url", "http://user:pw@example.com/a.png"))
                .hasMessageStartingWith("image_url ");
    }

    @Test
    void exactlyOneSourceIsTakenAndImageFileMustBeAFile() {
        assertThatThrownBy(() -> RemoveBgParameters.parse(List.of("size"), Map.of("size", "full")::get, null, URLS))
                .isInstanceOf(RemoveBgRefusal.class).hasMessage("Send the image as image_file, image_file_b64 or"
                        + " image_url");
        RemoveBgParameters.Source.File file = new RemoveBgParameters.Source.File(Path.of("upload"), 10);
        assertThatThrownBy(() -> RemoveBgParameters.parse(List.of("image_file", "image_url"),
                Map.of("image_url", "https://example.com/a.png")::get, file, URLS))
                .hasMessage("Send exactly one of image_file, image_file_b64 and image_url");
        assertThat(RemoveBgParameters.parse(List.of("image_file"), name -> null, file, URLS).source()).isEqualTo(file);
        assertThatThrownBy(() -> RemoveBgParameters.parse(List.of("image_file"), Map.of("image_file", "text")::get,
                null, URLS)).hasMessage("image_file must be a file part of a multipart/form-data request");
        assertThat(parse("image_file_b64", "aGVsbG8=").source())
                .isEqualTo(new RemoveBgParameters.Source.Base64("aGVsbG8="));
    }

    @Test
    void aRegionOutsideTheImageIsRefusedWhicheverWayTheImageIsTurned() {
        OutputOptions tall = parse("roi", "0px 150px 10px 160px").options();
        RemoveBgParameters.checkRegion(tall, 100, 200); // inside as sent
        RemoveBgParameters.checkRegion(tall, 200, 100); // inside once EXIF turns it
        OutputOptions outside = parse("roi", "300px 300px 400px 400px").options();
        assertThatThrownBy(() -> RemoveBgParameters.checkRegion(outside, 200, 100))
                .hasMessage("roi 300px 300px 400px 400px holds no pixel of the 200 x 100 image");
        RemoveBgParameters.checkRegion(parse().options(), 1, 1);
    }
}
