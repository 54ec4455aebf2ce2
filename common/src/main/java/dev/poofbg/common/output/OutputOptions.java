package dev.poofbg.common.output;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a job's result looks like: the output options of {@code POST /v1/remove-background}, as applied (defaults
 * included), and the placement options only the remove.bg-compatible endpoint sets ({@code roi}, {@code scale},
 * {@code position}, {@code bg_image_url}: absent from the JSON when not set). The gateway parses and validates them
 * before anything is charged, the job row and its JSON show them, the job request carries them to the worker, which
 * applies them. Values are normalised: a colour is {@code #rrggbb} or {@code #rrggbbaa}; a margin one, two or four
 * lengths (CSS order), each {@code 30} (pixels of the input) or {@code 10%} (of the subject's box); a region
 * {@code x1 y1 x2 y2}, each {@code 30px} or {@code 10%} (of the image); a scale {@code 80%}; a position {@code 50% 0%}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OutputOptions(
        @JsonProperty("format") Format format,
        @JsonProperty("channels") Channels channels,
        @JsonProperty("bg_color") String bgColor,
        @JsonProperty("crop") boolean crop,
        @JsonProperty("crop_margin") String cropMargin,
        @JsonProperty("size") Size size,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("roi") String roi,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("scale") String scale,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("position") String position,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("bg_image_url") String bgImageUrl) {

    /** The options' names, as form fields and JSON keys of {@code POST /v1/remove-background}. */
    public static final List<String> NAMES = List.of("format", "channels", "bg_color", "crop", "crop_margin", "size");
    public static final OutputOptions DEFAULT = new OutputOptions(Format.PNG, Channels.RGBA, null, false, "0", Size.FULL);
    /** The formats of one image; {@link Format#ZIP} is the compatibility endpoint's. */
    public static final Format[] IMAGE_FORMATS = {Format.PNG, Format.WEBP, Format.JPG};

    static final int MAX_MARGIN_PIXELS = 500;
    static final int MAX_MARGIN_PERCENT = 50;
    static final int MIN_SCALE_PERCENT = 10;
    private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    private static final Pattern MARGIN = Pattern.compile("(\\d{1,4})(px|%)?");
    private static final Pattern LENGTH = Pattern.compile("(\\d{1,6}(?:\\.\\d{1,4})?)(px|%)");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,4})?)%");

    /** Options without placement: those of {@code POST /v1/remove-background}. */
    public OutputOptions(Format format, Channels channels, String bgColor, boolean crop, String cropMargin, Size size) {
        this(format, channels, bgColor, crop, cropMargin, size, null, null, null, null);
    }

    public enum Format {
        PNG("png", "image/png"), WEBP("webp", "image/webp"), JPG("jpg", "image/jpeg"),
        /** remove.bg's: a JPEG of the colours ({@code color.jpg}) and a PNG of the alpha ({@code alpha.png}). */
        ZIP("zip", "application/zip");

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

    /** The margins of the four sides, in CSS order. */
    public record Margins(Margin top, Margin right, Margin bottom, Margin left) {
    }

    /** A rectangle in pixels: {@code left <= x < right}, {@code top <= y < bottom}. */
    public record Region(int left, int top, int right, int bottom) {
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
        return parse(field, IMAGE_FORMATS);
    }

    /** As {@link #parse(Function)}, with {@code format} one of {@code formats}. */
    public static OutputOptions parse(Function<String, String> field, Format[] formats) {
        Format format = choice("format", field.apply("format"), formats, Format::wireName, Format.PNG);
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

    /** These options placed as the compatibility endpoint asks (each argument normalised, or null for none). */
    public OutputOptions placed(String roi, String scale, String position, String bgImageUrl) {
        return new OutputOptions(format, channels, bgColor, crop, cropMargin, size, roi, scale, position, bgImageUrl);
    }

    /** These options in another format. */
    public OutputOptions in(Format other) {
        return new OutputOptions(other, channels, bgColor, crop, cropMargin, size, roi, scale, position, bgImageUrl);
    }

    /** The options with JPEG's white background made explicit: what is applied. */
    public OutputOptions applied() {
        return format == Format.JPG && bgColor == null && bgImageUrl == null && channels == Channels.RGBA
                ? new OutputOptions(format, channels, "#ffffff", crop, cropMargin, size, roi, scale, position, bgImageUrl)
                : this;
    }

    /** Whether the subject is moved or resized on its canvas. */
    public boolean placesSubject() {
        return scale != null || position != null;
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

    public Margins margins() {
        List<Margin> sides = Arrays.stream(cropMargin.split(" ")).map(side -> {
            Matcher matcher = MARGIN.matcher(side);
            if (!matcher.matches()) {
                throw new IllegalStateException("crop_margin is normalised at parsing: " + cropMargin);
            }
            return new Margin(Integer.parseInt(matcher.group(1)), "%".equals(matcher.group(2)));
        }).toList();
        return switch (sides.size()) {
            case 1 -> new Margins(sides.get(0), sides.get(0), sides.get(0), sides.get(0));
            case 2 -> new Margins(sides.get(0), sides.get(1), sides.get(0), sides.get(1));
            default -> new Margins(sides.get(0), sides.get(1), sides.get(2), sides.get(3));
        };
    }

    /**
     * The region of interest in an image of this size, clipped to it; empty when there is none (no {@code roi}: the
     * whole image). A region that holds no pixel of the image is the caller's to refuse.
     */
    public Optional<Region> region(int width, int height) {
        if (roi == null) {
            return Optional.empty();
        }
        String[] corners = roi.split(" ");
        int x1 = (int) Math.floor(length(corners[0], width));
        int y1 = (int) Math.floor(length(corners[1], height));
        int x2 = (int) Math.ceil(length(corners[2], width));
        int y2 = (int) Math.ceil(length(corners[3], height));
        return Optional.of(new Region(Math.max(0, x1), Math.max(0, y1), Math.min(width, x2), Math.min(height, y2)));
    }

    /** The subject's size relative to its canvas (0.1 to 1); empty: as it is. */
    public OptionalDouble scaleFraction() {
        return scale == null ? OptionalDouble.empty() : OptionalDouble.of(percent(scale) / 100);
    }

    /**
     * Where the subject goes on its canvas, as fractions of the room left around it (0: left or top, 1: right or
     * bottom); empty: where it is (centred when it is scaled, as remove.bg does).
     */
    public Optional<double[]> positionFractions() {
        if (position == null) {
            return scale == null ? Optional.empty() : Optional.of(new double[]{0.5, 0.5});
        }
        String[] xy = position.split(" ");
        return Optional.of(new double[]{percent(xy[0]) / 100, percent(xy[1]) / 100});
    }

    /** A region of interest, {@code x1 y1 x2 y2}, each in pixels ({@code px}) or percent of the image ({@code %}). */
    public static String roi(String value) {
        String[] corners = value.trim().toLowerCase(Locale.ROOT).split("\\s+");
        String usage = "roi must be four lengths x1 y1 x2 y2, each in px or % (e.g. 0% 0% 100% 100%)";
        if (corners.length != 4) {
            throw new InvalidOptionException(usage);
        }
        for (String corner : corners) {
            Matcher matcher = LENGTH.matcher(corner);
            if (!matcher.matches() || "%".equals(matcher.group(2)) && Double.parseDouble(matcher.group(1)) > 100) {
                throw new InvalidOptionException(usage);
            }
        }
        boolean sameUnitX = corners[0].endsWith("%") == corners[2].endsWith("%");
        boolean sameUnitY = corners[1].endsWith("%") == corners[3].endsWith("%");
        if (sameUnitX && number(corners[2]) <= number(corners[0]) || sameUnitY && number(corners[3]) <= number(corners[1])) {
            throw new InvalidOptionException("roi must have x2 > x1 and y2 > y1");
        }
        return String.join(" ", corners);
    }

    /** The subject's size relative to the canvas: {@code original} (null) or 10% to 100%. */
    public static String scale(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("original")) {
            return null;
        }
        Matcher matcher = PERCENT.matcher(text);
        if (!matcher.matches() || Double.parseDouble(matcher.group(1)) < MIN_SCALE_PERCENT
                || Double.parseDouble(matcher.group(1)) > 100) {
            throw new InvalidOptionException("scale must be original or a percentage from 10% to 100%");
        }
        return text;
    }

    /** Where the subject goes: {@code original} (null), {@code center}, or one or two percentages (x, y). */
    public static String position(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("original")) {
            return null;
        }
        if (text.equals("center")) {
            return "50% 50%";
        }
        String[] xy = text.split("\\s+");
        String usage = "position must be original, center, or one or two percentages from 0% to 100% (x y)";
        if (xy.length > 2) {
            throw new InvalidOptionException(usage);
        }
        for (String part : xy) {
            Matcher matcher = PERCENT.matcher(part);
            if (!matcher.matches() || Double.parseDouble(matcher.group(1)) > 100) {
                throw new InvalidOptionException(usage);
            }
        }
        return xy[0] + " " + xy[xy.length - 1];
    }

    private static double length(String value, int extent) {
        return value.endsWith("%") ? number(value) / 100 * extent : number(value);
    }

    private static double number(String length) {
        return Double.parseDouble(length.substring(0, length.length() - (length.endsWith("%") ? 1 : 2)));
    }

    private static double percent(String value) {
        return Double.parseDouble(value.substring(0, value.length() - 1));
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
        String[] sides = value.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (sides.length != 1 && sides.length != 2 && sides.length != 4) {
            throw new InvalidOptionException("crop_margin must be one, two or four lengths (top/bottom left/right, or"
                    + " top right bottom left)");
        }
        StringBuilder normalised = new StringBuilder();
        for (String side : sides) {
            Matcher matcher = MARGIN.matcher(side);
            if (!matcher.matches()) {
                throw new InvalidOptionException("crop_margin must be pixels (30 or 30px) or a percentage (10%)");
            }
            int amount = Integer.parseInt(matcher.group(1));
            boolean percent = "%".equals(matcher.group(2));
            if (percent ? amount > MAX_MARGIN_PERCENT : amount > MAX_MARGIN_PIXELS) {
                throw new InvalidOptionException("crop_margin must be at most " + MAX_MARGIN_PIXELS + " pixels or "
                        + MAX_MARGIN_PERCENT + "%");
            }
            normalised.append(normalised.length() == 0 ? "" : " ").append(amount).append(percent ? "%" : "");
        }
        return normalised.toString();
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
