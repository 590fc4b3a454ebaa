package dev.berth.api.mappers;

import dev.berth.common.error.BerthException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Time values on the wire: Go's RFC 3339 with nanoseconds, and the API's {@code since}/{@code until} forms. */
public final class Timestamps {
    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    private Timestamps() {}

    /** Formats like Go's time.RFC3339Nano (trailing zeros of the fraction trimmed). */
    public static String rfc3339(Instant t) {
        if (t == null) return "0001-01-01T00:00:00Z";
        String s = RFC3339_NANO.format(t.atOffset(ZoneOffset.UTC));
        int dot = s.indexOf('.');
        int end = s.indexOf('Z', dot);
        String frac = s.substring(dot + 1, end).replaceAll("0+$", "");
        return s.substring(0, dot) + (frac.isEmpty() ? "" : "." + frac) + "Z";
    }

    /**
     * Parses {@code since}/{@code until}: Unix seconds with optional fraction ({@code 1700000000.5}),
     * RFC 3339, or a Go duration relative to now ({@code 10m}). Absent → {@code absent}.
     */
    public static long parseNanos(String value, long nowNanos, long absent) {
        if (value == null || value.isEmpty()) return absent;
        try {
            if (value.matches("\\d+(\\.\\d{1,9})?")) {
                int dot = value.indexOf('.');
                long secs = Long.parseLong(dot < 0 ? value : value.substring(0, dot));
                long nanos = dot < 0 ? 0 : Long.parseLong((value.substring(dot + 1) + "000000000").substring(0, 9));
                return secs * 1_000_000_000L + nanos;
            }
            if (value.matches("\\d+(ns|us|ms|s|m|h)")) {
                return nowNanos - goDuration(value).toNanos();
            }
            Instant t = OffsetDateTime.parse(value).toInstant();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BerthException.InvalidArgument("invalid timestamp: " + value);
        }
    }

    public static Duration goDuration(String value) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ns|us|ms|s|m|h)").matcher(value);
        if (!m.matches()) throw new BerthException.InvalidArgument("invalid duration: " + value);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
