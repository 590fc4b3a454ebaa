package dev.berth.core.container;

import dev.berth.common.error.BerthException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Container IDs and names by dockerd's rules, and generated names in the adjective_surname style. */
public final class ContainerNames {
    private static final Pattern VALID = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> ADJECTIVES = List.of("amber", "brisk", "calm", "daring", "eager", "fabled",
        "gentle", "hardy", "idle", "jolly", "keen", "lively", "mellow", "nimble", "orderly", "patient", "quiet",
        "rustic", "steady", "tidy", "upbeat", "vivid", "wry", "young", "zesty", "bold", "clever", "dapper", "earnest",
        "frosty", "glad", "humble");
    /** Navigators, shipwrights and harbour builders: a berth is where ships rest. */
    private static final List<String> SURNAMES = List.of("magellan", "cabot", "tasman", "bougainville", "cook",
        "zheng", "ibn_majid", "nansen", "amundsen", "shackleton", "bering", "vespucci", "dias", "hudson", "baffin",
        "frobisher", "drake", "raleigh", "dampier", "flinders", "vancouver", "laperouse", "kruzenshtern", "bellingshausen",
        "brunel", "telford", "rennie", "smeaton", "stevenson", "jervis", "piccard", "cousteau");
    private static final RandomGenerator RANDOM = new SecureRandom();

    private ContainerNames() {}

    /** A new 64-hex container ID that does not look like a short decimal number (Docker avoids those too). */
    public static String newId() {
        while (true) {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!id.substring(0, 12).matches("\\d+")) return id;
        }
    }

    public static boolean isFullId(String s) { return ID.matcher(s).matches(); }

    /** Validates a user-given name and returns it with the leading slash. */
    public static String normalise(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new BerthException.InvalidArgument("Invalid container name (" + name
                + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name : "/" + name;
    }

    /** A random {@code /adjective_surname}; {@code attempt} above 0 appends a digit, as dockerd does on collisions. */
    public static String generate(int attempt) {
        String n = ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + SURNAMES.get(RANDOM.nextInt(SURNAMES.size()));
        return "/" + (attempt > 0 ? n + RANDOM.nextInt(10) : n);
    }
}
