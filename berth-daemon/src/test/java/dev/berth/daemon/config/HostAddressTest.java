package dev.berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostAddressTest {

    @Test
    void parsesUnixAddresses() {
        assertThat(HostAddress.parse("unix:///tmp/x.sock")).isEqualTo(new HostAddress.Unix(Path.of("/tmp/x.sock")));
        assertThat(HostAddress.parse("unix://")).isEqualTo(new HostAddress.Unix(HostAddress.DEFAULT_SOCKET));
    }

    @Test
    void parsesTcpAddresses() {
        assertThat(HostAddress.parse("tcp://0.0.0.0:2375")).isEqualTo(new HostAddress.Tcp("0.0.0.0", 2375));
        assertThat(HostAddress.parse("tcp://:2376")).isEqualTo(new HostAddress.Tcp("127.0.0.1", 2376));
        assertThat(HostAddress.parse("tcp://localhost")).isEqualTo(new HostAddress.Tcp("127.0.0.1", 0));
        assertThat(HostAddress.parse("10.0.0.1:1234")).isEqualTo(new HostAddress.Tcp("10.0.0.1", 1234));
        assertThat(HostAddress.parse("tcp://[::1]:2375")).isEqualTo(new HostAddress.Tcp("::1", 2375));
        assertThat(new HostAddress.Tcp("::1", 2375)).hasToString("tcp://[::1]:2375");
    }

    @Test
    void rejectsWhatDockerdRejects() {
        assertThatThrownBy(() -> HostAddress.parse("fd://")).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> HostAddress.parse("unix://relative.sock")).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> HostAddress.parse("tcp://host:2375/path")).isInstanceOf(BerthException.InvalidArgument.class);
        assertThatThrownBy(() -> HostAddress.parse("/var/run/x.sock")).hasMessageContaining("did you mean unix://");
        assertThatThrownBy(() -> HostAddress.parse("http://x:1")).isInstanceOf(BerthException.InvalidArgument.class);
    }
}
