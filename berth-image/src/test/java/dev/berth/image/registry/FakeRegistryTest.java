package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.image.ImageReference;
import dev.berth.core.image.RegistryCredentials;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failure modes and Bearer auth, against a scripted HTTP server. */
class FakeRegistryTest {
    private FakeRegistry fake;
    private TestImages.Built built;
    private byte[] layer;
    private Descriptor layerDescriptor;
    // The JDK's HttpServer never answers a TLS hello, so the https attempt before http fallback
    // must give up fast (a real registry answers garbage with a 400 at once).
    private final RegistryClient client = new RegistryClient(RegistrySettings.DEFAULT,
        RegistryClient.defaultHttpClient(java.time.Duration.ofMillis(300)), java.time.Duration.ofSeconds(10));

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeRegistry();
        built = TestImages.image("amd64", "payload payload payload");
        layer = built.layerBlobs().getFirst();
        layerDescriptor = built.image().layers().getFirst().descriptor();
        byte[] manifest = ManifestDocument.ImageManifest.schema2Json(built.image().config(), List.of(layerDescriptor));
        fake.serve("/v2/app/manifests/latest", manifest, MediaTypes.DOCKER_MANIFEST);
        fake.serve("/v2/app/blobs/" + built.image().config().digest(), built.config(), "application/octet-stream");
        fake.serve("/v2/", "{}".getBytes(), "application/json");
    }

    @AfterEach
    void tearDown() { fake.close(); }

    private ImageReference app() { return ImageReference.parse(fake.domain() + "/app"); }

    @Test
    void corruptBlobIsRejectedAndTheSinkAborted() {
        byte[] corrupt = layer.clone();
        corrupt[corrupt.length / 2] ^= 0x55;
        fake.serve("/v2/app/blobs/" + layerDescriptor.digest(), corrupt, "application/octet-stream");
        MemoryTarget target = new MemoryTarget();

        assertThatThrownBy(() -> new ImagePuller(client).pull(app(), RegistryCredentials.NONE, target, new RecordingProgress()))
            .isInstanceOf(BerthException.Unavailable.class)
            .hasMessage("filesystem layer verification failed for digest " + layerDescriptor.digest());
        assertThat(target.committed).isEmpty();
        assertThat(target.aborted).containsExactly(layerDescriptor.digest());
    }

    @Test
    void connectionDroppedMidBlobIsUnavailableAndTheSinkAborted() {
        fake.route("/v2/app/blobs/" + layerDescriptor.digest(), ex -> {
            ex.sendResponseHeaders(200, layer.length);
            OutputStream out = ex.getResponseBody();
            out.write(layer, 0, layer.length / 2);
            out.flush();
            throw new IOException("dropping the connection on purpose");
        });
        MemoryTarget target = new MemoryTarget();

        assertThatThrownBy(() -> new ImagePuller(client).pull(app(), RegistryCredentials.NONE, target, new RecordingProgress()))
            .isInstanceOf(BerthException.Unavailable.class)
            .hasMessageContaining("error pulling blob " + layerDescriptor.digest())
            .hasMessageContaining("connection dropped after");
        assertThat(target.committed).isEmpty();
        assertThat(target.aborted).containsExactly(layerDescriptor.digest());
    }

    @Test
    void redirectsAreFollowedWithoutLeakingCredentials() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes());
        fake.requireAuth(basic, "Basic realm=\"fake\"");
        // Another host name for the same server: credentials must not follow the hop.
        fake.route("/v2/app/blobs/" + layerDescriptor.digest(), ex -> {
            ex.getResponseHeaders().add("Location", "http://localhost:" + fake.port() + "/cdn/layer");
            FakeRegistry.send(ex, 307, "");
        });
        fake.serve("/cdn/layer", layer, "application/octet-stream");
        MemoryTarget target = new MemoryTarget();

        new ImagePuller(client).pull(app(), new RegistryCredentials("u", "p", null, null, null), target, new RecordingProgress());

        assertThat(target.committed.get(layerDescriptor.digest())).isEqualTo(layer);
        assertThat(fake.requests).filteredOn(r -> r.path().equals("/cdn/layer")).singleElement()
            .extracting(FakeRegistry.Request::authorization).isNull();
    }

    @Test
    void bearerTokensAreFetchedOncePerScopeWithBasicCredentials() {
        String tokenUrl = "http://127.0.0.1:" + fake.port() + "/token";
        fake.requireAuth("Bearer tok-1", "Bearer realm=\"" + tokenUrl + "\",service=\"fake-registry\",scope=\"repository:app:pull\"");
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString("me:pw".getBytes());
        fake.route("/token", ex -> {
            if (expectedBasic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                FakeRegistry.send(ex, 200, "{\"access_token\":\"tok-1\",\"expires_in\":300}");
            } else {
                FakeRegistry.send(ex, 401, "{\"details\":\"incorrect username or password\"}");
            }
        });
        fake.serve("/v2/app/blobs/" + layerDescriptor.digest(), layer, "application/octet-stream");
        RegistryCredentials good = new RegistryCredentials("me", "pw", fake.domain(), null, null);

        MemoryTarget target = new MemoryTarget();
        new ImagePuller(client).pull(app(), good, target, new RecordingProgress());
        new ImagePuller(client).pull(app(), good, new MemoryTarget(), new RecordingProgress());

        assertThat(target.committed.get(layerDescriptor.digest())).isEqualTo(layer);
        List<FakeRegistry.Request> tokenRequests = fake.requests.stream().filter(r -> r.path().equals("/token")).toList();
        assertThat(tokenRequests).singleElement().extracting(FakeRegistry.Request::query)
            .isEqualTo("service=fake-registry&scope=repository%3Aapp%3Apull");
        assertThat(client.login(good)).isEqualTo("Login Succeeded");

        RegistryCredentials bad = new RegistryCredentials("me", "nope", fake.domain(), null, null);
        assertThatThrownBy(() -> new ImagePuller(client).pull(app(), bad, new MemoryTarget(), new RecordingProgress()))
            .isInstanceOf(BerthException.Unauthorized.class)
            .hasMessage("unauthorized: incorrect username or password");
    }

    @Test
    void unknownRepositoryBehindTokenAuthIsPullAccessDenied() {
        fake.route("/v2/ghost/manifests/latest", ex -> FakeRegistry.send(ex, 401,
            "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"));
        assertThatThrownBy(() -> new ImagePuller(client).pull(ImageReference.parse(fake.domain() + "/ghost"),
                RegistryCredentials.NONE, new MemoryTarget(), new RecordingProgress()))
            .isInstanceOf(BerthException.NotFound.class)
            .hasMessage("pull access denied for " + fake.domain() + "/ghost, repository does not exist or may require"
                + " 'docker login': denied: requested access to the resource is denied");
    }

    @Test
    void manifestNotMatchingItsDigestHeaderIsRejected() {
        byte[] manifest = ManifestDocument.ImageManifest.schema2Json(built.image().config(), List.of(layerDescriptor));
        fake.route("/v2/app/manifests/latest", ex -> {
            ex.getResponseHeaders().add("Docker-Content-Digest", built.image().config().digest().toString());
            FakeRegistry.send(ex, 200, manifest, MediaTypes.DOCKER_MANIFEST);
        });
        assertThatThrownBy(() -> client.forPull(app(), RegistryCredentials.NONE).fetchManifest("latest"))
            .isInstanceOf(BerthException.Unavailable.class)
            .hasMessageStartingWith("manifest verification failed for digest ");
    }

    @Test
    void identityTokensAreExchangedWithAnOauthForm() {
        String tokenUrl = "http://127.0.0.1:" + fake.port() + "/token";
        fake.requireAuth("Bearer tok-2", "Bearer realm=\"" + tokenUrl + "\",service=\"svc\"");
        java.util.List<String> forms = new java.util.concurrent.CopyOnWriteArrayList<>();
        fake.route("/token", ex -> {
            forms.add(ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes()));
            FakeRegistry.send(ex, 200, "{\"access_token\":\"tok-2\"}");
        });
        RegistryCredentials identity = new RegistryCredentials(null, null, fake.domain(), "refresh-me", null);

        assertThat(client.forPull(app(), identity).fetchManifest("latest").mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(forms).containsExactly("POST service=svc&scope=repository%3Aapp%3Apull"
            + "&grant_type=refresh_token&refresh_token=refresh-me&client_id=berth");
    }
}
