package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowersTest {
    @TempDir Path tmp;

    @Test
    void anExitWakesAFollowerInItsPollAndWaitsUntilItHasSentTheWholeLog() throws Exception {
        Path log = Files.writeString(tmp.resolve("log"), "0123456789");
        var followers = new LogFollowers();
        var follower = followers.follow("c1");
        var polling = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                follower.sent(4); // what it had sent before the last line came
                polling.countDown();
                follower.sleep(Duration.ofMinutes(1)); // a poll far longer than the test
                follower.sent(10);
            } catch (InterruptedException ignored) {
                // test over
            }
        });
        assertThat(polling.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        followers.catchUp("c1", log);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        reader.join(Duration.ofSeconds(5));
        assertThat(reader.isAlive()).isFalse();
        assertThat(tookMillis).isLessThan(LogFollowers.CATCH_UP_LIMIT.toMillis());
    }

    @Test
    void aFollowerThatSendsNothingHoldsTheExitUpForTheLimitOnlyAndAClosedOneNotAtAll() throws Exception {
        Path log = Files.writeString(tmp.resolve("log"), "0123456789");
        var followers = new LogFollowers();
        var stuck = followers.follow("c1");
        long start = System.nanoTime();
        followers.catchUp("c1", log);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isBetween(LogFollowers.CATCH_UP_LIMIT.toMillis() - 50, LogFollowers.CATCH_UP_LIMIT.toMillis() + 2_000);

        stuck.close();
        start = System.nanoTime();
        followers.catchUp("c1", log);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(100);
    }
}
