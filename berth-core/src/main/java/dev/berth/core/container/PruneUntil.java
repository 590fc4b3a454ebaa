package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** The {@code until} prune filter: Unix seconds, RFC 3339, or a Go-style duration before now ({@code 24h}, {@code 90m}). */
final class PruneUntil {
    private PruneUntil() {}

    static Instant parse(String v, Instant now) {
        try {
            if (v.matches("\\d+(\\.\\d+)?")) return Instant.ofEpochMilli((long) (Double.parseDouble(v) * 1000));
            var m = java.util.regex.Pattern.compile("(\\d+)(s|m|h)").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
                return now.minus(d);
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException e) {
            throw new BerthException.InvalidArgument("invalid filter 'until=" + v + "'");
        }
    }
}
