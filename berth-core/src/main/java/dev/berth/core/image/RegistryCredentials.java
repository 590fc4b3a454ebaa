package dev.berth.core.image;

/**
 * Credentials for one registry as a client sends them (decoded X-Registry-Auth or /auth body).
 * Any field may be null; an identity token replaces username and password.
 */
public record RegistryCredentials(String username, String password, String serverAddress, String identityToken, String registryToken) {
    public static final RegistryCredentials NONE = new RegistryCredentials(null, null, null, null, null);

    public boolean hasBasic() { return username != null && !username.isEmpty(); }

    @Override public String toString() { return "RegistryCredentials[username=" + username + ", server=" + serverAddress + "]"; }
}
