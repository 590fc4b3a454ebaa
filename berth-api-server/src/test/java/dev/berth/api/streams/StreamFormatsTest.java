package dev.berth.api.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.error.BerthException;
import dev.berth.core.container.StdioSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamFormatsTest {
    @Test
    void frameHeaderIsStreamThreeZerosAndBigEndianLength() throws Exception {
        var out = new ByteArrayOutputStream();
        var w = new MultiplexedWriter(out);
        byte[] big = new byte[0x010203];
        w.write(StdioSession.Stream.STDERR, big);
        w.write(StdioSession.Stream.STDOUT, "hi".getBytes(StandardCharsets.UTF_8));
        w.write(StdioSession.Stream.STDOUT, new byte[0]);
        byte[] b = out.toByteArray();
        assertThat(b).hasSize(8 + big.length + 8 + 2);
        assertThat(java.util.Arrays.copyOf(b, 8)).containsExactly(2, 0, 0, 0, 0, 1, 2, 3);
        assertThat(java.util.Arrays.copyOfRange(b, 8 + big.length, b.length)).containsExactly(1, 0, 0, 0, 0, 0, 0, 2, 'h', 'i');
    }

    @Test
    void detachKeysParseAsDockerd() {
        assertThat(DetachKeys.parse(null)).isEqualTo(DetachKeys.DEFAULT);
        assertThat(DetachKeys.parse("")).isEqualTo(DetachKeys.DEFAULT);
        assertThat(DetachKeys.parse("ctrl-p,ctrl-q").bytes()).containsExactly(16, 17);
        assertThat(DetachKeys.parse("CTRL-A,a,ctrl-@,ctrl-_,ctrl-\\").bytes()).containsExactly(1, 'a', 0, 31, 28);
        for (String bad : new String[] {"ctrl-", "ctrl-1", "ab", "a,,b", "ctrl-p,"}) {
            assertThatThrownBy(() -> DetachKeys.parse(bad)).isInstanceOf(BerthException.InvalidArgument.class)
                .hasMessage("Invalid detach keys (" + bad + ") provided");
        }
    }

    @Test
    void matcherHoldsBackAPrefixAndReleasesItWhenTheSequenceBreaks() {
        DetachKeys.Matcher m = DetachKeys.DEFAULT.matcher();
        byte[] out = new byte[16];
        assertThat(m.filter(new byte[] {'a', 16}, 0, 2, out)).isEqualTo(1);
        assertThat(m.filter(new byte[] {16}, 0, 1, out)).isEqualTo(1); // p p: the first p was input
        assertThat(out[0]).isEqualTo((byte) 16);
        assertThat(m.detached()).isFalse();
        assertThat(m.filter(new byte[] {'x', 16, 17, 'y'}, 0, 4, out)).isEqualTo(2); // held p, then x
        assertThat(out[0]).isEqualTo((byte) 16);
        assertThat(out[1]).isEqualTo((byte) 'x');
        assertThat(m.detached()).isTrue();
    }
}
