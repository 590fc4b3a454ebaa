package dev.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqPacketSocketTest {
    @TempDir Path dir;

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void packetsKeepTheirBoundaries() throws Exception {
        SeqPacketSocket[] p = SeqPacketSocket.pair();
        try (var a = p[0]; var b = p[1]) {
            a.send(bytes("xhello"), 1, 5);
            a.send(bytes("world!"), 0, 6);
            byte[] buf = new byte[64];
            assertThat(b.receive(buf)).isEqualTo(5);
            assertThat(new String(buf, 0, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(b.receive(buf)).isEqualTo(6);
            b.send(bytes("back"), 0, 4);
            assertThat(a.receive(buf)).isEqualTo(4);
        }
    }

    @Test
    void aLongPacketIsTruncatedToTheBuffer() throws Exception {
        SeqPacketSocket[] p = SeqPacketSocket.pair();
        try (var a = p[0]; var b = p[1]) {
            a.send(bytes("0123456789"), 0, 10);
            a.send(bytes("next"), 0, 4);
            byte[] small = new byte[4];
            assertThat(b.receive(small)).isEqualTo(4);
            assertThat(small).isEqualTo(bytes("0123"));
            assertThat(b.receive(new byte[16])).isEqualTo(4); // the tail of the first packet is gone
        }
    }

    @Test
    void shutdownWriteIsEndOfStreamForThePeerOnly() throws Exception {
        SeqPacketSocket[] p = SeqPacketSocket.pair();
        try (var a = p[0]; var b = p[1]) {
            a.send(bytes("last"), 0, 4);
            a.shutdownWrite();
            byte[] buf = new byte[16];
            assertThat(b.receive(buf)).isEqualTo(4);
            assertThat(b.receive(buf)).isEqualTo(-1);
            b.send(bytes("still"), 0, 5);
            assertThat(a.receive(buf)).isEqualTo(5);
        }
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        SeqPacketSocket[] p = SeqPacketSocket.pair();
        try (var b = p[1]) {
            var a = p[0];
            // a platform thread: a native call pins a virtual thread's carrier
            CompletableFuture<Integer> read = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    read.complete(a.receive(new byte[16]));
                } catch (Exception e) {
                    read.completeExceptionally(e);
                }
            });
            Thread.sleep(100);
            assertThat(read).isNotDone();
            a.close();
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
            t.join();
            assertThat(a.receive(new byte[1])).isEqualTo(-1);
            assertThatThrownBy(() -> a.send(new byte[1], 0, 1)).isInstanceOf(ErrnoException.class);
            a.close();
        }
    }

    @Test
    void sendingToAClosedPeerIsAnErrorNotASignal() throws Exception {
        SeqPacketSocket[] p = SeqPacketSocket.pair();
        p[1].close();
        try (var a = p[0]) {
            assertThatThrownBy(() -> a.send(bytes("x"), 0, 1)).isInstanceOf(ErrnoException.class)
                .hasMessageContaining("send");
        }
    }

    @Test
    void connectErrorsNameThePath() throws Exception {
        assertThatThrownBy(() -> SeqPacketSocket.connect(dir.resolve("nothing")))
            .isInstanceOf(ErrnoException.class).hasMessageContaining("connect " + dir.resolve("nothing"))
            .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.ENOENT));
        char[] name = new char[120];
        Arrays.fill(name, 'd');
        Path deep = Files.createDirectories(dir.resolve(new String(name)));
        Files.writeString(deep.resolve("attach"), "not a socket");
        // the long path goes through /proc/self/fd: the kernel gets there and finds a regular file
        assertThatThrownBy(() -> SeqPacketSocket.connect(deep.resolve("attach")))
            .isInstanceOf(ErrnoException.class)
            .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(111)); // ECONNREFUSED
    }

    @Test
    void fifoWriteFailsFastWithoutAReader() throws Exception {
        Path fifo = dir.resolve("ctl");
        SpecialFiles.fifo(fifo, 0600);
        assertThatThrownBy(() -> Fifo.write(fifo, bytes("1 24 80\n"))).isInstanceOf(ErrnoException.class)
            .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Fds.ENXIO));
        try (var reader = new java.io.RandomAccessFile(fifo.toFile(), "rw")) { // O_RDWR never blocks on a fifo
            Fifo.write(fifo, bytes("1 24 80\n"));
            byte[] got = new byte[8];
            reader.readFully(got);
            assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("1 24 80\n");
        }
    }
}
