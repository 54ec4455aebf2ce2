package dev.poofbg.gateway.removebg;

import dev.poofbg.common.net.UrlRules;
import dev.poofbg.common.output.OutputOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * remove.bg's {@code POST /v1.0/removebg} parameters, read into PoofBG's output options: validated before anything is
 * stored or charged, an invalid value refused naming the parameter and what it accepts, in remove.bg's error shape.
 * Parameters PoofBG accepts without effect are listed ({@link Request#withoutEffect()}) so that the answer can say so.
 */
final class RemoveBgParameters {

    static final String IMAGE_FILE = "image_file";
    static final String IMAGE_FILE_B64 = "image_file_b64";
    static final String IMAGE_URL = "image_url";
    static final String BG_IMAGE_FILE = "bg_image_file";
    static final List<String> NAMES = List.of(IMAGE_FILE, IMAGE_FILE_B64, IMAGE_URL, "size", "type", "type_level",
            "format", "roi", "crop", "crop_margin", "scale", "position", "channels", "add_shadow", "shadow_type",
            "shadow_opacity", "semitransparency", "bg_color", "bg_image_url", BG_IMAGE_FILE);
    static final List<String> TYPES = List.of("auto", "person", "product", "animal", "car", "transportation",
            "graphics", "other");

    private static final List<String> FORMATS = List.of("auto", "png", "jpg", "jpeg", "webp", "zip");
    private static final List<String> TYPE_LEVELS = List.of("none", "1", "2", "latest");
    private static final List<String> SHADOW_TYPES = List.of("none", "3d", "drop", "car");

    private RemoveBgParameters() {
    }

    /** Where the image comes from: exactly one of the three. */
    sealed interface Source {
        /** {@code image_file}: a multipart file part, on disk. */
        record File(java.nio.file.Path path, long size) implements Source {
        }

        /** {@code image_file_b64}: the image in base64. */
        record Base64(String text) implements Source {
        }

        /** {@code image_url}: fetched by the worker. */
        record Url(String url) implements Source {
        }
    }

    /**
     * A valid request: its source, the options it asks for, the {@code X-Type} to answer with, and the parameters it
     * gave that PoofBG accepts without effect.
     */
    record Request(Source source, OutputOptions options, String type, List<String> withoutEffect) {
    }

    /**
     * {@code value} answers a text parameter (null when absent); {@code file} is the {@code image_file} part, if
     * the request sent one. {@code names} are all the names the request gave.
     */
    static Request parse(List<String> names, Function<String, String> value, Source.File file, UrlRules urls) {
        for (String name : names) {
            if (!NAMES.contains(name)) {
                throw RemoveBgRefusal.invalid("Unknown parameter " + name + ": the parameters are "
                        + String.join(", ", NAMES));
            }
        }
        if (value.apply(BG_IMAGE_FILE) != null || names.contains(BG_IMAGE_FILE)) {
            throw RemoveBgRefusal.invalid("bg_image_file is not supported: send the background as bg_image_url");
        }
        Source source = source(value, file, urls);
        List<String> withoutEffect = new ArrayList<>();
        String type = choice("type", value.apply("type"), TYPES, "auto");
        if (!type.equals("auto")) {
            withoutEffect.add("type");
        }
        if (value.apply("type_level") != null) {
            choice("type_level", value.apply("type_level"), TYPE_LEVELS, "latest");
            withoutEffect.add("type_level");
        }
        if (bool("add_shadow", value.apply("add_shadow"))) {
            withoutEffect.add("add_shadow");
        }
        if (!choice("shadow_type", value.apply("shadow_type"), SHADOW_TYPES, "none").equals("none")) {
            withoutEffect.add("shadow_type");
        }
        if (value.apply("shadow_opacity") != null) {
            percentage("shadow_opacity", value.apply("shadow_opacity"));
            withoutEffect.add("shadow_opacity");
        }
        if (value.apply("semitransparency") != null) {
            bool("semitransparency", value.apply("semitransparency"));
            withoutEffect.add("semitransparency");
        }
        return new Request(source, options(value, urls), type.equals("auto") ? "other" : type,
                List.copyOf(withoutEffect));
    }

    private static Source source(Function<String, String> value, Source.File file, UrlRules urls) {
        String base64 = value.apply(IMAGE_FILE_B64);
        String url = value.apply(IMAGE_URL);
        if (value.apply(IMAGE_FILE) != null) {
            throw RemoveBgRefusal.invalid("image_file must be a file part of a multipart/form-data request");
        }
        int given = (file != null ? 1 : 0) + (base64 != null ? 1 : 0) + (url != null ? 1 : 0);
        if (given == 0) {
            throw new RemoveBgRefusal(400, "No image given", "missing_source",
                    "Send the image as image_file, image_file_b64 or image_url", Map.of());
        }
        if (given > 1) {
            throw new RemoveBgRefusal(400, "Multiple image sources given", "multiple_sources",
                    "Send exactly one of image_file, image_file_b64 and image_url", Map.of());
        }
        if (file != null) {
            return file;
        }
        if (base64 != null) {
            return new Source.Base64(base64);
        }
        return new Source.Url(checkedUrl(IMAGE_URL, url, urls));
    }

    private static OutputOptions options(Function<String, String> value, UrlRules urls) {
        String requestedFormat = choice("format", value.apply("format"), FORMATS, "auto");
        boolean auto = requestedFormat.equals("auto");
        Map<String, String> fields = new HashMap<>();
        fields.put("format", auto ? "png" : requestedFormat.equals("jpeg") ? "jpg" : requestedFormat);
        fields.put("channels", value.apply("channels"));
        fields.put("bg_color", value.apply("bg_color"));
        fields.put("crop", value.apply("crop"));
        fields.put("crop_margin", value.apply("crop_margin"));
        fields.put("size", size(value.apply("size")));
        OutputOptions options;
        String roi;
        String scale;
        String position;
        try {
            options = OutputOptions.parse(fields::get, OutputOptions.Format.values());
            roi = blankToNull(value.apply("roi")) == null ? null : OutputOptions.roi(value.apply("roi"));
            scale = blankToNull(value.apply("scale")) == null ? null : OutputOptions.scale(value.apply("scale"));
            position = blankToNull(value.apply("position")) == null ? null
                    : OutputOptions.position(value.apply("position"));
        } catch (OutputOptions.InvalidOptionException e) {
            throw RemoveBgRefusal.invalid(e.getMessage());
        }
        String backgroundUrl = blankToNull(value.apply("bg_image_url"));
        if (backgroundUrl != null) {
            backgroundUrl = checkedUrl("bg_image_url", backgroundUrl, urls);
            if (options.bgColor() != null) {
                throw RemoveBgRefusal.invalid("Send bg_color or bg_image_url, not both");
            }
        }
        boolean hasBackground = backgroundUrl != null || options.bgColor() != null;
        if (options.format() == OutputOptions.Format.ZIP && hasBackground) {
            throw RemoveBgRefusal.invalid("format zip holds the subject's colours and alpha: it takes no bg_color or"
                    + " bg_image_url");
        }
        OutputOptions placed = options.placed(roi, scale, position, backgroundUrl);
        if (auto) {
            // remove.bg's auto: PNG where the result can be transparent, JPEG where a background fills it.
            boolean opaque = backgroundUrl != null || options.background().map(argb -> argb >>> 24 == 0xFF).orElse(false);
            return placed.in(opaque && options.channels() == OutputOptions.Channels.RGBA
                    ? OutputOptions.Format.JPG : OutputOptions.Format.PNG);
        }
        return placed;
    }

    /** remove.bg's sizes by PoofBG's names; its default is {@code preview}. */
    private static String size(String value) {
        String size = lower(value);
        if (size == null || size.isBlank()) {
            return "preview";
        }
        return switch (size) {
            case "preview", "small", "regular" -> "preview";
            case "medium" -> "medium";
            case "hd" -> "hd";
            case "full", "4k", "auto", "50mp" -> "full";
            default -> throw RemoveBgRefusal.invalid("size must be one of preview, full, auto, small, regular,"
                    + " medium, hd, 4k, 50MP");
        };
    }

    private static String checkedUrl(String name, String url, UrlRules urls) {
        try {
            urls.check(url);
            return url;
        } catch (UrlRules.UrlRefusedException e) {
            throw RemoveBgRefusal.invalid(name + " " + e.getMessage());
        }
    }

    /** The region of interest must hold some of the image, whichever way its EXIF orientation turns it. */
    static void checkRegion(OutputOptions options, int width, int height) {
        if (options.roi() == null) {
            return;
        }
        if (isEmpty(options.region(width, height)) && isEmpty(options.region(height, width))) {
            throw RemoveBgRefusal.invalid(String.format(Locale.ROOT, "roi %s holds no pixel of the %d x %d image",
                    options.roi(), width, height));
        }
    }

    private static boolean isEmpty(Optional<OutputOptions.Region> region) {
        return region.map(r -> r.right() <= r.left() || r.bottom() <= r.top()).orElse(false);
    }

    private static String choice(String name, String value, List<String> allowed, String fallback) {
        String chosen = lower(value);
        if (chosen == null || chosen.isBlank()) {
            return fallback;
        }
        if (!allowed.contains(chosen)) {
            throw RemoveBgRefusal.invalid(name + " must be one of " + String.join(", ", allowed));
        }
        return chosen;
    }

    private static boolean bool(String name, String value) {
        String text = lower(value);
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw RemoveBgRefusal.invalid(name + " must be true or false");
        };
    }

    private static void percentage(String name, String value) {
        try {
            int number = Integer.parseInt(value.trim().replace("%", ""));
            if (number >= 0 && number <= 100) {
                return;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw RemoveBgRefusal.invalid(name + " must be a number from 0 to 100");
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
