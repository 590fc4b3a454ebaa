package dev.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void parsesBearerWithQuotedCommas() {
        AuthChallenge c = AuthChallenge.parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull,push\"").orElseThrow();
        assertThat(c.isBearer()).isTrue();
        assertThat(c.parameter("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(c.parameter("service")).isEqualTo("registry.docker.io");
        assertThat(c.parameter("scope")).isEqualTo("repository:library/busybox:pull,push");
    }

    @Test
    void parsesBasicAndUnquotedValues() {
        AuthChallenge c = AuthChallenge.parse("Basic realm=plain, charset=\"UTF-8\"").orElseThrow();
        assertThat(c.isBasic()).isTrue();
        assertThat(c.parameters()).containsEntry("realm", "plain").containsEntry("charset", "UTF-8");
    }

    @Test
    void prefersBearerAmongSeveral() {
        assertThat(AuthChallenge.select(List.of("Basic realm=\"x\"", "Bearer realm=\"y\"")).orElseThrow().isBearer()).isTrue();
        assertThat(AuthChallenge.select(List.of("Negotiate"))).isEmpty();
    }
}
