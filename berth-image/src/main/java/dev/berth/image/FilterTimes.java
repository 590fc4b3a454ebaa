package dev.berth.image;

import dev.berth.common.error.BerthException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Timestamps in filters ({@code until}, {@code since}) as the docker CLI passes them: RFC 3339
 * (with or without zone or time), Unix seconds with optional fraction, or a Go duration meaning
 * "that long before now".
 */
final class FilterTimes {
    private FilterTimes() {}

    static Instant parse(String value, Instant now) {
        String v = value.strip();
        try {
            if (v.matches("\\d+(\\.\\d+)?")) {
                BigDecimal seconds = new BigDecimal(v);
                long whole = seconds.longValue();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
                return Instant.ofEpochSecond(whole, nanos);
            }
            if (v.matches("[0-9.]+(ns|us|µs|ms|s|m|h).*")) return now.minus(ConfigInstructions.duration(v));
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (v.matches(".*([zZ]|[+-]\\d{2}:\\d{2})$")) return OffsetDateTime.parse(v).toInstant();
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new BerthException.InvalidArgument("failed to parse value as time or duration: \"" + value + "\"");
        }
    }
}
