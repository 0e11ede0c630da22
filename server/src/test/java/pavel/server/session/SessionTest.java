package pavel.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.ptth.PtthConfig;

/** Long polls held by a session: what ends them and what they carry, also when everything races. */
class SessionTest {

    private static final long WAIT_SECONDS = 5;

    private SessionRegistry registry = new SessionRegistry(PtthConfig.newBuilder().hold(Duration.ofMinutes(1)).build());

    @AfterEach
    void close() {
        registry.close();
    }

    private Session session() {
        return registry.create("anonymous", Flavour.LONG_POLL, List.of("main"));
    }

    private static ReverseRequest request(String id) {
        return new ReverseRequest(id, "GET", "/status", "PTTH/1.0", List.of(), "");
    }

    private static List<ReverseRequest> answerOf(CompletableFuture<List<ReverseRequest>> poll) {
        return poll.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    @Test
    void aPollWithNothingToTakeIsHeldUntilARequestIsSentAndThenCarriesIt() {
        Session session = session();
        CompletableFuture<List<ReverseRequest>> poll = session.poll(16);
        assertFalse(poll.isDone(), "held");

        session.send(request("m-1"));

        assertTrue(poll.isDone(), "handed over on the sender's thread");
        assertEquals(List.of("m-1"), answerOf(poll).stream().map(ReverseRequest::messageId).toList());
        assertEquals(0, session.queueDepth());
    }

    @Test
    void aPollTakesWhatIsWaitingAtOnceUpToItsBatch() {
        Session session = session();
        session.send(request("a"));
        session.send(request("b"));
        session.send(request("c"));

        assertEquals(List.of("a", "b"), answerOf(session.poll(2)).stream().map(ReverseRequest::messageId).toList());
        assertEquals(1, session.queueDepth());
    }

    @Test
    void aHeldPollEndsWithNothingWhenItsHoldTimeRunsOut() {
        registry.close();
        registry = new SessionRegistry(PtthConfig.newBuilder().hold(Duration.ofMillis(50)).build());
        Session session = session();

        assertEquals(List.of(), answerOf(session.poll(1)));
        CompletableFuture<ReverseResponse> later = session.send(request("m-1"));
        assertEquals(1, session.queueDepth(), "kept for the next poll, not handed to the one that ended");
        assertEquals(List.of("m-1"), answerOf(session.poll(1)).stream().map(ReverseRequest::messageId).toList());
        assertFalse(later.isDone());
    }

    @Test
    void aNewerPollEndsTheHeldOneWithNothingAndGetsWhatComesNext() {
        Session session = session();
        CompletableFuture<List<ReverseRequest>> first = session.poll(1);
        CompletableFuture<List<ReverseRequest>> second = session.poll(1);

        assertEquals(List.of(), answerOf(first));
        assertFalse(second.isDone());
        session.send(request("m-1"));
        assertEquals(List.of("m-1"), answerOf(second).stream().map(ReverseRequest::messageId).toList());
    }

    @Test
    void releasingOrClosingEndsTheHeldPollWithNothing() {
        Session session = session();
        CompletableFuture<List<ReverseRequest>> poll = session.poll(1);
        session.releasePoll();
        assertEquals(List.of(), answerOf(poll));

        CompletableFuture<List<ReverseRequest>> next = session.poll(1);
        registry.close();
        assertEquals(List.of(), answerOf(next));
        assertEquals(List.of(), answerOf(session.poll(1)), "a closed session answers at once");
    }

    @Test
    void aCancelledPollLetsGoAndWhatIsSentAfterWaitsForTheNextPoll() {
        Session session = session();
        CompletableFuture<List<ReverseRequest>> poll = session.poll(1);
        assertTrue(session.isPolling());

        poll.cancel(false); // what the server does when the poll's connection closes

        assertFalse(session.isPolling());
        session.send(request("m-1"));
        assertEquals(1, session.queueDepth());
        assertEquals(List.of("m-1"), answerOf(session.poll(1)).stream().map(ReverseRequest::messageId).toList());
    }

    /**
     * Senders, pollers, hold timers of a millisecond and polls cancelled as their connections close race: every
     * request reaches exactly one poll that answers, in the order it was sent; none is handed to a poll that already
     * ended with nothing, and what was handed to a poll cancelled meanwhile goes back to the queue.
     */
    @Test
    void underRacingSendsPollsAndTimeoutsEveryRequestIsDeliveredOnceInOrder() throws Exception {
        long seed = Long.getLong("pavel.test.seed", 3);
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            registry.close();
            registry = new SessionRegistry(PtthConfig.newBuilder().hold(Duration.ofMillis(1 + random.nextInt(3)))
                    .responseTimeout(Duration.ofMinutes(1)).build());
            Session session = session();
            int requests = 200 + random.nextInt(300);
            int batch = 1 + random.nextInt(8);
            List<String> delivered = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            long senderSeed = random.nextLong();
            Thread sender = Thread.ofPlatform().start(() -> {
                Random pace = new Random(senderSeed);
                for (int i = 0; i < requests; i++) {
                    session.send(request("m-" + i));
                    if (pace.nextInt(4) == 0) {
                        Thread.onSpinWait();
                    }
                }
                sending.set(false);
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((sending.get() || session.queueDepth() > 0 || delivered.size() < requests)
                    && System.nanoTime() < deadline) {
                CompletableFuture<List<ReverseRequest>> poll = session.poll(batch);
                if (random.nextInt(4) == 0 && poll.cancel(false)) {
                    continue;
                }
                for (ReverseRequest got : answerOf(poll)) {
                    assertTrue(seen.add(got.messageId()),
                            () -> "seed " + seed + ": delivered twice: " + got.messageId());
                    delivered.add(got.messageId());
                }
            }
            sender.join();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                expected.add("m-" + i);
            }
            int r = round;
            assertEquals(expected, delivered, () -> "seed " + seed + ", round " + r + ": every request once, in order");
            assertEquals(new HashSet<>(expected), seen);
        }
    }
}
