package pavel.desktop.ptth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

final class ReconnectPolicyTest {
    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration CAP = Duration.ofSeconds(30);
    private static final Duration RESET_AFTER = Duration.ofSeconds(60);
    private static final HandshakeOutcome FAILED = new HandshakeOutcome.BackOff("test");

    private static ReconnectPolicy policy(RandomGenerator random) {
        return new ReconnectPolicy(BASE, 2, CAP, RESET_AFTER, random);
    }

    /** Always the largest value nextDouble may return, so each delay is its ceiling. */
    private static RandomGenerator highest() {
        return () -> -1L; // all bits set: nextDouble() is 1 - 2^-53
    }

    @Test
    void ceilingsDoubleFromHalfASecondUpToTheCap() {
        ReconnectPolicy policy = policy(highest());
        List<Long> ceilings = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ceilings.add(policy.ceiling().toMillis());
            policy.delayAfter(FAILED, Duration.ZERO);
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), ceilings);
    }

    @Test
    void jitteredDelaysStayWithinZeroAndTheCeiling() {
        ReconnectPolicy policy = policy(new Random(42));
        Duration smallest = CAP;
        for (int n = 0; n < 200; n++) {
            Duration ceiling = policy.ceiling();
            Duration delay = policy.delayAfter(FAILED, Duration.ZERO);
            assertTrue(!delay.isNegative() && delay.compareTo(ceiling) <= 0, "attempt " + n + ": " + delay + " > " + ceiling);
            assertTrue(ceiling.compareTo(CAP) <= 0);
            smallest = delay.compareTo(smallest) < 0 ? delay : smallest;
        }
        assertTrue(smallest.compareTo(Duration.ofSeconds(5)) < 0, "full jitter reaches low values too");
    }

    @Test
    void connectionThatStayedUpLongEnoughResetsTheBackoff() {
        ReconnectPolicy policy = policy(highest());
        for (int i = 0; i < 6; i++) {
            policy.delayAfter(FAILED, Duration.ZERO);
        }
        HandshakeOutcome upgraded = new HandshakeOutcome.Upgraded("PTTH/1.0", null);
        assertEquals(CAP, policy.delayAfter(upgraded, Duration.ofSeconds(59)), "59 s up is not enough");
        assertEquals(BASE, policy.delayAfter(upgraded, RESET_AFTER));
        assertEquals(Duration.ofSeconds(1), policy.delayAfter(FAILED, Duration.ZERO));
    }

    @Test
    void noContentRetriesAtOnceWithoutGrowingTheBackoff() {
        ReconnectPolicy policy = policy(highest());
        assertEquals(Duration.ZERO, policy.delayAfter(new HandshakeOutcome.RetryNow("204"), Duration.ZERO));
        assertEquals(0, policy.failures());
    }

    @Test
    void retryAfterIsAFloorOnTheBackoff() {
        ReconnectPolicy policy = policy(new Random(1));
        HandshakeOutcome overloaded = new HandshakeOutcome.RetryLater(Duration.ofSeconds(5), "503");
        for (int i = 0; i < 10; i++) {
            assertTrue(policy.delayAfter(overloaded, Duration.ZERO).compareTo(Duration.ofSeconds(5)) >= 0);
        }
        assertEquals(CAP, policy(highest()).delayAfter(new HandshakeOutcome.RetryLater(CAP, "429"), Duration.ZERO));
    }

    @Test
    void refusalsThatRetryingCannotFixStop() {
        assertNull(policy(new Random(3)).delayAfter(new HandshakeOutcome.GiveUp(401, "401"), Duration.ZERO));
    }
}
