package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.error.BerthException;
import dev.berth.core.build.BuildRequest;
import dev.berth.core.build.BuildService;
import dev.berth.core.build.StepFailure;
import dev.berth.core.event.EventBus;
import dev.berth.core.image.Digest;
import dev.berth.core.image.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /build} over the real Netty server with a scripted builder. */
class BuildRoutesTest {
    private static final Digest ID = Digest.parse("sha256:" + "ab".repeat(32));

    @TempDir Path dir;
    private ApiServer server;
    private UnixHttpClient http;
    private BuildRequest seen;
    private long contextBytes;
    private BiFunction<BuildRequest, Progress, Digest> script = (r, p) -> {
        p.stream("Step 1/1 : FROM busybox");
        p.stream("\n");
        p.stream(" ---> " + ID.hex().substring(0, 12) + "\n");
        p.aux(Map.of("ID", ID.toString()));
        p.stream("Successfully built " + ID.hex().substring(0, 12) + "\n");
        return ID;
    };

    @BeforeEach
    void start() {
        BuildService builds = (request, progress) -> {
            seen = request;
            try {
                contextBytes = request.context().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return script.apply(request, progress);
        };
        EventBus events = new EventBus(Clock.systemUTC());
        Path socket = dir.resolve("api.sock");
        server = new ApiServer(new ApiServices(null, new InMemoryImageService(), events, null, "runc", null, null, null, null,
            null, builds), List.of(new Listener.Unix(socket, 0660, null)));
        server.start();
        http = new UnixHttpClient(socket);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void passesTheCliParametersAndStreamsTheContext() throws Exception {
        byte[] context = new byte[3 << 20];
        var r = http.send("POST", "/v1.44/build?t=a:1&t=b&dockerfile=sub%2FDf&target=build&networkmode=host&nocache=1&forcerm=1"
            + "&buildargs=" + q("{\"A\":\"1\",\"B\":null}") + "&labels=" + q("{\"team\":\"berth\"}") + "&cachefrom=" + q("[\"c:1\"]"),
            context);
        assertThat(r.status()).isEqualTo(200);
        assertThat(contextBytes).isEqualTo(context.length);
        assertThat(seen.tags()).containsExactly("a:1", "b");
        assertThat(seen.dockerfile()).isEqualTo("sub/Df");
        assertThat(seen.target()).isEqualTo("build");
        assertThat(seen.networkMode()).isEqualTo("host");
        assertThat(seen.noCache()).isTrue();
        assertThat(seen.remove()).isTrue();
        assertThat(seen.forceRemove()).isTrue();
        assertThat(seen.buildArgs()).containsEntry("A", "1").containsEntry("B", null);
        assertThat(seen.labels()).isEqualTo(Map.of("team", "berth"));
        assertThat(seen.cacheFrom()).containsExactly("c:1");
    }

    @Test
    void outputIsDockerdsMessageStreamWithGoEscaping() throws Exception {
        var r = http.send("POST", "/v1.44/build?rm=0", new byte[1024]);
        assertThat(seen.remove()).isFalse();
        assertThat(r.text()).isEqualTo("""
            {"stream":"Step 1/1 : FROM busybox"}\r
            {"stream":"\\n"}\r
            {"stream":" ---\\u003e abababababab\\n"}\r
            {"aux":{"ID":"sha256:%s"}}\r
            {"stream":"Successfully built abababababab\\n"}\r
            """.formatted("ab".repeat(32)));
    }

    @Test
    void quietSendsOnlyTheImageId() throws Exception {
        var r = http.send("POST", "/v1.44/build?q=1", new byte[1024]);
        assertThat(r.text()).isEqualTo("{\"stream\":\"sha256:" + "ab".repeat(32) + "\\n\"}\r\n");
    }

    @Test
    void failedRunEndsTheStreamWithItsExitCodeAndQuietShowsWhatWasHeldBack() throws Exception {
        script = (req, p) -> {
            p.stream("Step 1/2 : RUN exit 3\n");
            String m = "The command '/bin/sh -c exit 3' returned a non-zero code: 3";
            throw new BerthException.InvalidArgument(m, new StepFailure(m, 3));
        };
        for (String query : List.of("", "?q=1")) {
            var r = http.send("POST", "/v1.44/build" + query, new byte[1024]);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("{\"stream\":\"Step 1/2 : RUN exit 3\\n\"}").endsWith(
                "{\"errorDetail\":{\"code\":3,\"message\":\"The command '/bin/sh -c exit 3' returned a non-zero code: 3\"},"
                    + "\"error\":\"The command '/bin/sh -c exit 3' returned a non-zero code: 3\"}\r\n");
        }
    }

    @Test
    void errorBeforeAnyOutputIsAnHttpError() throws Exception {
        script = (req, p) -> {
            throw new BerthException.InvalidArgument("dockerfile parse error line 2: unknown instruction: FOO");
        };
        var r = http.send("POST", "/v1.44/build", new byte[1024]);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("dockerfile parse error line 2: unknown instruction: FOO");
        assertThat(http.send("POST", "/v1.44/build?buildargs=notjson", new byte[0]).status()).isEqualTo(400);
    }
}
