package dev.poofbg.common.output;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a job's result looks like: the output options of {@code POST /v1/remove-background}, as applied (defaults
 * included). The gateway parses and validates them before anything is charged, the job row and its JSON show them,
 * the job request carries them to the worker, which applies them. Values are normalised: a colour is
 * {@code #rrggbb} or {@code #rrggbbaa}, a margin {@code 30} (pixels of the input) or {@code 10%} (of the subject's box).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OutputOptions(
        @JsonProperty("format") Format format,
        @JsonProperty("channels") Channels channels,
        @JsonProperty("bg_color") String bgColor,
        @JsonProperty("crop") boolean crop,
        @JsonProperty("crop_margin") String cropMargin,
        @JsonProperty("size") Size size) {

    /** The options' names, as form fields and JSON keys. */
    public static final List<String> NAMES = List.of("format", "channels", "bg_color", "crop", "crop_margin", "size");
    public static final OutputOptions DEFAULT = new OutputOptions(Format.PNG, Channels.RGBA, null, false, "0", Size.FULL);

    static final int MAX_MARGIN_PIXELS = 500;
    static final int MAX_MARGIN_PERCENT = 50;
    private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    private static final Pattern MARGIN = Pattern.compile("(\\d{1,4})(px|%)?");

    public enum Format {
        PNG("png", "image/png"), WEBP("webp", "image/webp"), JPG("jpg", "image/jpeg");

        private final String wireName;
        private final String mediaType;

        Format(String wireName, String mediaType) {
            this.wireName = wireName;
            this.mediaType = mediaType;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        public String mediaType() {
            return mediaType;
        }

        /** The file name extension of a result in this format. */
        public String extension() {
            return wireName;
        }

        @JsonCreator
        public static Format fromWire(String value) {
            return byWireName(values(), Format::wireName, value);
        }
    }

    public enum Channels {
        /** The cut-out. */
        RGBA("rgba"),
        /** The mask alone, 8-bit grey. */
        ALPHA("alpha");

        private final String wireName;

        Channels(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        @JsonCreator
        public static Channels fromWire(String value) {
            return byWireName(values(), Channels::wireName, value);
        }
    }

    public enum Size {
        PREVIEW("preview", 250_000), MEDIUM("medium", 1_500_000), HD("hd", 4_000_000), FULL("full", 0);

        private final String wireName;
        private final long maxPixels;

        Size(String wireName, long maxPixels) {
            this.wireName = wireName;
            this.maxPixels = maxPixels;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        /** The most pixels of a result of this size; 0: the input's resolution. */
        public long maxPixels() {
            return maxPixels;
        }

        @JsonCreator
        public static Size fromWire(String value) {
            return byWireName(values(), Size::wireName, value);
        }
    }

    /** A margin around the subject's box: pixels of the input image, or a percentage of the box's own size. */
    public record Margin(int value, boolean percent) {
        /** The margin on each side of a box {@code extent} pixels long, in pixels. */
        public int pixels(int extent) {
            return percent ? (int) Math.round(extent * value / 100.0) : value;
        }
    }

    /** An invalid option: the message names it and says what it accepts, in words fit for the customer. */
    public static final class InvalidOptionException extends IllegalArgumentException {
        InvalidOptionException(String message) {
            super(message);
        }
    }

    /**
     * The options a request gives, by name ({@code field} answers null for an option it does not give); absent ones
     * take their defaults. Unknown names are the caller's to refuse (it knows where they came from).
     */
    public static OutputOptions parse(Function<String, String> field) {
        Format format = choice("format", field.apply("format"), Format.values(), Format::wireName, Format.PNG);
        Channels channels = choice("channels", field.apply("channels"), Channels.values(), Channels::wireName,
                Channels.RGBA);
        String bgColor = field.apply("bg_color");
        String color = bgColor == null || bgColor.isBlank() ? null : color(bgColor);
        String crop = field.apply("crop");
        boolean cropped = crop != null && bool("crop", crop);
        String margin = field.apply("crop_margin");
        String cropMargin = margin == null || margin.isBlank() ? "0" : margin(margin);
        Size size = choice("size", field.apply("size"), Size.values(), Size::wireName, Size.FULL);
        return new OutputOptions(format, channels, color, cropped, cropMargin, size);
    }

    /** The options with JPEG's white background made explicit: what is applied. */
    public OutputOptions applied() {
        return format == Format.JPG && bgColor == null && channels == Channels.RGBA
                ? new OutputOptions(format, channels, "#ffffff", crop, cropMargin, size)
                : this;
    }

    /** The background as 0xAARRGGBB, if there is one. */
    public Optional<Integer> background() {
        if (bgColor == null) {
            return Optional.empty();
        }
        String hex = bgColor.substring(1);
        int rgb = Integer.parseInt(hex.substring(0, 6), 16);
        int alpha = hex.length() == 8 ? Integer.parseInt(hex.substring(6), 16) : 0xFF;
        return Optional.of(alpha << 24 | rgb);
    }

    public Margin margin() {
        Matcher matcher = MARGIN.matcher(cropMargin);
        if (!matcher.matches()) {
            throw new IllegalStateException("crop_margin is normalised at parsing: " + cropMargin);
        }
        return new Margin(Integer.parseInt(matcher.group(1)), "%".equals(matcher.group(2)));
    }

    private static String color(String value) {
        String text = value.trim();
        Matcher hex = HEX.matcher(text);
        if (hex.matches()) {
            String digits = hex.group(1).toLowerCase(Locale.ROOT);
            if (digits.length() == 3) {
                digits = digits.chars().mapToObj(c -> "" + (char) c + (char) c).collect(Collectors.joining());
            }
            return "#" + (digits.length() == 8 && digits.endsWith("ff") ? digits.substring(0, 6) : digits);
        }
        if (text.equalsIgnoreCase("transparent")) {
            return null;
        }
        return CssColors.rgb(text).map(rgb -> String.format("#%06x", rgb)).orElseThrow(() -> new InvalidOptionException(
                "bg_color must be #rgb, #rrggbb, #rrggbbaa or a CSS colour name (e.g. white, steelblue)"));
    }

    private static String margin(String value) {
        Matcher matcher = MARGIN.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new InvalidOptionException("crop_margin must be pixels (30 or 30px) or a percentage (10%)");
        }
        int amount = Integer.parseInt(matcher.group(1));
        boolean percent = "%".equals(matcher.group(2));
        if (percent ? amount > MAX_MARGIN_PERCENT : amount > MAX_MARGIN_PIXELS) {
            throw new InvalidOptionException("crop_margin must be at most " + MAX_MARGIN_PIXELS + " pixels or "
                    + MAX_MARGIN_PERCENT + "%");
        }
        return amount + (percent ? "%" : "");
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidOptionException(name + " must be true or false");
        };
    }

    private static <E> E choice(String name, String value, E[] values, Function<E, String> wire, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        E found = byWireName(values, wire, value.trim().toLowerCase(Locale.ROOT));
        if (found == null) {
            throw new InvalidOptionException(name + " must be one of " + Arrays.stream(values).map(wire)
                    .collect(Collectors.joining(", ")));
        }
        return found;
    }

    private static <E> E byWireName(E[] values, Function<E, String> wire, String value) {
        return Arrays.stream(values).filter(e -> wire.apply(e).equals(value)).findFirst().orElse(null);
    }
}
