package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two size parsers of go-units that Docker's log drivers use: json-file reads {@code max-size}
 * with decimal multiples ({@code 10k} = 10000 bytes, FromHumanSize), the local driver and
 * {@code max-buffer-size} with binary ones ({@code 10k} = 10240, RAMInBytes). Both fail with
 * {@code invalid size: '<text>'} as go-units does.
 */
final class LogSizes {
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private LogSizes() {}

    static long decimal(String text) { return parse(text, 1000); }

    static long binary(String text) { return parse(text, 1024); }

    private static long parse(String text, long unit) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) throw new BerthException.InvalidArgument("invalid size: '" + text + "'");
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        double value;
        try {
            value = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) { // "1.2.3" passes the pattern, as in go-units, but is no number
            throw new BerthException.InvalidArgument("invalid size: '" + text + "'");
        }
        return (long) (value * Math.pow(unit, power));
    }
}
