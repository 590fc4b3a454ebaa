package dev.berth.image;

import dev.berth.testkit.RegistryServer;
import static dev.berth.image.Archives.LAYER1;
import static dev.berth.image.Archives.LAYER2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.event.Event;
import dev.berth.core.event.EventBus;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Image;
import dev.berth.core.image.RegistryCredentials;
import dev.berth.image.registry.RegistryClient;
import dev.berth.image.registry.RegistrySettings;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Push from one local store to a real registry with auth, pull into another store, compare. */
class RegistryTransfersTest {
    @RegisterExtension
    static final RegistryServer registry = RegistryServer.withHtpasswd();

    static final byte[] CONFIG = Archives.config("2024-01-01T00:00:00Z", Map.of("maintainer", "me"), LAYER1, LAYER2);
    static final Digest ID = Digest.sha256(CONFIG);
    static final RegistryCredentials USER = new RegistryCredentials(RegistryServer.USER, RegistryServer.PASSWORD,
        null, null, null);

    @TempDir Path pusherRoot;
    @TempDir Path pullerRoot;

    private LocalImageService store(Path root, EventBus events) {
        return new LocalImageService(root, "vfs", events, Clock.systemUTC(), ImageUsers.NONE,
            new RegistryClient(RegistrySettings.DEFAULT));
    }

    @Test
    void pushedImagePullsBackWithTheSameIdAndADigest() {
        var pusher = store(pusherRoot, new EventBus(Clock.systemUTC()));
        pusher.load(new ByteArrayInputStream(Archives.dockerSave(new Archives.Img(CONFIG, List.of(LAYER1, LAYER2),
            List.of("app:1")))), new RecordingProgress());
        String remote = registry.domain() + "/team/app";
        pusher.tag("app:1", remote, "1");
        var pushProgress = new RecordingProgress();
        pusher.push(remote, "1", USER, pushProgress);
        assertThat(pushProgress.statuses).contains("The push refers to repository [" + remote + "]", "Pushed");
        assertThat(pusher.inspect(remote + ":1").repoDigests()).singleElement().asString().startsWith(remote + "@sha256:");

        var events = new CopyOnWriteArrayList<Event>();
        var bus = new EventBus(Clock.systemUTC());
        bus.subscribe(Long.MAX_VALUE, events::add);
        var puller = store(pullerRoot, bus);
        var pullProgress = new RecordingProgress();
        Image pulled = puller.pull(remote + ":1", USER, pullProgress);
        assertThat(pulled.id()).isEqualTo(ID);
        assertThat(pulled.repoTags()).containsExactly(remote + ":1");
        assertThat(pulled.repoDigests()).isEqualTo(pusher.inspect(remote + ":1").repoDigests());
        assertThat(pullProgress.statuses).contains("Pulling fs layer", "Extracting", "Pull complete",
            "Status: Downloaded newer image for " + remote + ":1");
        assertThat(events).anyMatch(e -> e.action().equals("pull") && e.attributes().get("name").equals(remote + ":1"));

        var again = new RecordingProgress();
        puller.pull(remote + ":1", USER, again);
        assertThat(again.statuses).contains("Status: Image is up to date for " + remote + ":1");

        puller.tag(remote + ":1", "other", "1");
        puller.remove(remote + ":1", false, false);
        var renamed = new RecordingProgress();
        puller.pull(remote + ":1", USER, renamed);
        assertThat(renamed.statuses).contains("Status: Downloaded newer image for " + remote + ":1");

        String byDigest = pulled.repoDigests().getFirst();
        puller.remove(remote + ":1", false, false);
        assertThat(puller.pull(byDigest, USER, new RecordingProgress()).id()).isEqualTo(ID);
    }

    @Test
    void wrongPasswordIsUnauthorizedAndStoresNothing() {
        var puller = store(pullerRoot, new EventBus(Clock.systemUTC()));
        var wrong = new RegistryCredentials(RegistryServer.USER, "nope", null, null, null);
        assertThatThrownBy(() -> puller.pull(registry.domain() + "/team/app:1", wrong, new RecordingProgress()))
            .isInstanceOf(BerthException.Unauthorized.class);
        assertThat(puller.list(dev.berth.core.filter.Filters.NONE, true)).isEmpty();
        var login = new RegistryCredentials(RegistryServer.USER, RegistryServer.PASSWORD, registry.domain(), null, null);
        assertThat(puller.login(login)).isEqualTo("Login Succeeded");
    }

    @Test
    void pushingAnUnknownRepositoryIsNotFound() {
        var pusher = store(pusherRoot, new EventBus(Clock.systemUTC()));
        assertThatThrownBy(() -> pusher.push(registry.domain() + "/none", null, USER, new RecordingProgress()))
            .isInstanceOf(BerthException.NotFound.class)
            .hasMessageContaining("An image does not exist locally with the tag");
    }
}
