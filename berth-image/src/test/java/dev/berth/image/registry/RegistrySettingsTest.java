package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {
    private final RegistrySettings settings = new RegistrySettings(
        List.of(URI.create("https://mirror.example/"), URI.create("http://10.0.0.5:5000")),
        List.of("registry.internal:5000", "192.168.0.0/16"));

    @Test
    void dockerHubTriesMirrorsFirstOnlyForPull() {
        // only the endpoint list is computed here (no traffic): the build switches Hub off for tests
        String before = System.getProperty("berth.dockerHub");
        System.clearProperty("berth.dockerHub");
        try {
            expectHubAfterMirrors();
        } finally {
            if (before != null) System.setProperty("berth.dockerHub", before);
        }
    }

    private void expectHubAfterMirrors() {
        assertThat(settings.endpoints("docker.io", true)).containsExactly(
            new RegistryEndpoint(URI.create("https://mirror.example"), true),
            new RegistryEndpoint(URI.create("http://10.0.0.5:5000"), true),
            new RegistryEndpoint(URI.create("https://registry-1.docker.io"), false));
        assertThat(settings.endpoints("docker.io", false))
            .containsExactly(new RegistryEndpoint(URI.create("https://registry-1.docker.io"), false));
    }

    @Test
    void insecureRegistriesFallBackToHttp() {
        assertThat(settings.endpoints("registry.internal:5000", true)).extracting(e -> e.base().toString())
            .containsExactly("https://registry.internal:5000", "http://registry.internal:5000");
        assertThat(settings.endpoints("192.168.3.4:443", false)).hasSize(2);
        assertThat(settings.endpoints("127.0.0.1:5000", false)).hasSize(2);
        assertThat(settings.endpoints("localhost:5000", false)).hasSize(2);
        assertThat(settings.endpoints("[::1]:5000", false)).hasSize(2);
        assertThat(settings.endpoints("10.1.2.3:5000", false)).extracting(e -> e.base().toString())
            .containsExactly("https://10.1.2.3:5000");
    }

    @Test
    void cidrMatching() throws Exception {
        assertThat(RegistrySettings.inCidr(InetAddress.getByName("10.1.255.1"), "10.1.0.0/16")).isTrue();
        assertThat(RegistrySettings.inCidr(InetAddress.getByName("10.2.0.1"), "10.1.0.0/16")).isFalse();
        assertThat(RegistrySettings.inCidr(InetAddress.getByName("10.2.0.1"), "0.0.0.0/0")).isTrue();
        assertThat(RegistrySettings.inCidr(InetAddress.getByName("::1"), "10.0.0.0/8")).isFalse();
    }

    @Test
    void loginServerAddressesMapToDomains() {
        assertThat(RegistryClient.domainOf(null)).isEqualTo("docker.io");
        assertThat(RegistryClient.domainOf("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryClient.domainOf("http://Localhost:5000/v2/")).isEqualTo("localhost:5000");
        assertThat(RegistryClient.domainOf("myregistry.io")).isEqualTo("myregistry.io");
    }

    @Test
    void dockerHubCanBeSwitchedOffSoTestsNeverLeaveTheMachine() {
        String before = System.getProperty("berth.dockerHub");
        System.setProperty("berth.dockerHub", "off");
        try {
            var settings = new RegistrySettings(java.util.List.of(java.net.URI.create("http://127.0.0.1:1")), java.util.List.of());
            assertThat(settings.endpoints("docker.io", true)).extracting(RegistryEndpoint::mirror).containsExactly(true);
            assertThat(settings.endpoints("docker.io", false)).isEmpty();
            var client = new RegistryClient(RegistrySettings.DEFAULT);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.login(dev.berth.core.image.RegistryCredentials.NONE))
                .isInstanceOf(dev.berth.common.error.BerthException.Unavailable.class).hasMessageContaining("switched off");
        } finally {
            if (before == null) System.clearProperty("berth.dockerHub");
            else System.setProperty("berth.dockerHub", before);
        }
    }
}
