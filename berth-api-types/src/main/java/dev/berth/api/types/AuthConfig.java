package dev.berth.api.types;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Credentials as clients send them to {@code /auth} and in {@code X-Registry-Auth}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthConfig(
        @JsonProperty("username") @JsonAlias("Username") String username,
        @JsonProperty("password") @JsonAlias("Password") String password,
        @JsonProperty("auth") @JsonAlias("Auth") String auth,
        @JsonProperty("email") @JsonAlias("Email") String email,
        @JsonProperty("serveraddress") @JsonAlias("ServerAddress") String serverAddress,
        @JsonProperty("identitytoken") @JsonAlias("IdentityToken") String identityToken,
        @JsonProperty("registrytoken") @JsonAlias("RegistryToken") String registryToken) {}
