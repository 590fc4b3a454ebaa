package dev.berth.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LogFollowersTest {

    @Test
    void anExitWakesAFollowerInItsPollAndWaitsForAPassThatBeganAfterwards() throws Exception {
        var followers = new LogFollowers();
        var follower = followers.follow("c1");
        var polling = new CountDownLatch(1);
        var lastPassDone = new AtomicBoolean();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                follower.passStarts();
                follower.passDone();
                polling.countDown();
                follower.sleep(Duration.ofMinutes(1)); // a poll far longer than the test
                follower.passStarts();
                Thread.sleep(50); // reading and sending the last lines
                lastPassDone.set(true);
                follower.passDone();
            } catch (InterruptedException ignored) {
                // test over
            }
        });
        assertThat(polling.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        followers.catchUp("c1");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(lastPassDone).isTrue();
        assertThat(tookMillis).isLessThan(LogFollowers.CATCH_UP_LIMIT.toMillis());
        reader.join(Duration.ofSeconds(5));
    }

    @Test
    void aFollowerThatNeverFinishesHoldsTheExitUpForTheLimitOnlyAndAClosedOneNotAtAll() {
        var followers = new LogFollowers();
        var stuck = followers.follow("c1");
        long start = System.nanoTime();
        followers.catchUp("c1");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isBetween(LogFollowers.CATCH_UP_LIMIT.toMillis() - 50, LogFollowers.CATCH_UP_LIMIT.toMillis() + 2_000);

        stuck.close();
        start = System.nanoTime();
        followers.catchUp("c1");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(100);
    }
}
