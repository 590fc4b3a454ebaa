package dev.berth.api.types;

/**
 * Docker Engine API versions ({@code 1.24}, {@code 1.44}) as the wire carries them: in the
 * {@code /v1.xx/} path prefix and the {@code Api-Version} header. The comparison lives here, not in
 * core, because both the API server and the client (which may only see api-types) need it and
 * must agree on it.
 */
public final class ApiVersion {
    private ApiVersion() {}

    /** Compares dotted versions numerically: {@code 1.9 < 1.24}. */
    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (xi != yi) return Integer.compare(xi, yi);
        }
        return 0;
    }
}
