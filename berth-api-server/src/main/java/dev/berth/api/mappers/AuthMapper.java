package dev.berth.api.mappers;

import dev.berth.api.http.Json;
import dev.berth.api.types.AuthConfig;
import dev.berth.core.image.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Credentials from {@code /auth} bodies and the base64url-encoded {@code X-Registry-Auth} header. */
public final class AuthMapper {
    private AuthMapper() {}

    public static RegistryCredentials credentials(AuthConfig a) {
        String user = a.username();
        String pass = a.password();
        if ((user == null || user.isEmpty()) && a.auth() != null && !a.auth().isEmpty()) {
            String decoded = new String(decodeBase64(a.auth()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                user = decoded.substring(0, colon);
                pass = decoded.substring(colon + 1);
            }
        }
        return new RegistryCredentials(user, pass, a.serverAddress(), a.identityToken(), a.registryToken());
    }

    /** A missing or undecodable header means anonymous access, as dockerd treats it. */
    public static RegistryCredentials fromHeader(String header) {
        if (header == null || header.isBlank()) return RegistryCredentials.NONE;
        try {
            AuthConfig config = Json.MAPPER.readValue(decodeBase64(header.trim()), AuthConfig.class);
            return config == null ? RegistryCredentials.NONE : credentials(config);
        } catch (Exception e) {
            return RegistryCredentials.NONE;
        }
    }

    private static byte[] decodeBase64(String s) {
        String t = s.replace('-', '+').replace('_', '/');
        while (t.length() % 4 != 0) t += "=";
        return Base64.getDecoder().decode(t);
    }
}
