package pavel.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.FragmentRefusedException;
import pavel.model.RandomDocuments;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.RandomOps;
import pavel.op.OpRecord;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * Random op sequences on a server-side document, each applied op sent to a replica as the reverse request the
 * server sends ({@code DocRequest.of(space, record.op()).toReverse(record.base())}): the replica follows op by op,
 * survives repeated, reordered and concurrent delivery, and a whole document resyncs it when it diverged.
 *
 * <p>Seeds: {@code -Dpavel.test.seed=N} (each failure names the seed to rerun); sizes scale with
 * {@code -Dpavel.test.scale=K}.
 */
final class ReplicaConvergencePropertyTest {
    private static final int SEQUENCES = 60;
    private static final int OPS_PER_SEQUENCE = 40;
    private static final String SPACE = "main";

    private static long baseSeed() {
        return Long.getLong("pavel.test.seed", 11L);
    }

    private static int sequences() {
        return SEQUENCES * RandomDocuments.scale();
    }

    private static Supplier<String> because(long seed, String what) {
        return () -> "seed " + seed + " (rerun with -Dpavel.test.seed=" + seed + "): " + what;
    }

    /** A random server document at version 0, or null for a tree that HTML parsing would not build again. */
    private static @Nullable Document serverDocument(Random random) {
        try {
            return Document.parse(RandomDocuments.html(random, 5 + random.nextInt(30)));
        } catch (FragmentRefusedException e) {
            return null; // RoundTripPropertyTest covers these
        }
    }

    /** Applies random ops to {@code server}; the records of those it accepted, in order. */
    private static List<OpRecord> records(Random random, Document server, int count) {
        List<OpRecord> records = new ArrayList<>();
        while (records.size() < count) {
            try {
                records.add(RandomOps.op(random, server).applyTo(server));
            } catch (DocumentException refused) {
                // not an op the server would send
            }
        }
        return records;
    }

    private static ReverseRequest wire(OpRecord record) {
        return DocRequest.of(SPACE, record.op()).toReverse(record.base());
    }

    @Test
    void replicaFollowsTheServerOpByOpAndRefusesWhatItRefuses() {
        int applied = 0;
        int refused = 0;
        for (int s = 0; s < sequences(); s++) {
            long seed = baseSeed() + s;
            Random random = new Random(seed);
            Document server = serverDocument(random);
            if (server == null) {
                continue;
            }
            SpaceReplicas replicas = new SpaceReplicas();
            assertEquals(204, replicas.handle(DocRequest.wholeDocument(SPACE, server)).status());
            for (int i = 0; i < OPS_PER_SEQUENCE; i++) {
                Op op = RandomOps.op(random, server);
                long base = server.version();
                OpRecord record;
                try {
                    record = op.applyTo(server);
                } catch (DocumentException problem) {
                    refused++;
                    // The same op at the same version: the replica refuses it alike and stays where it was.
                    ReverseResponse answer = replicas.handle(DocRequest.of(SPACE, op).toReverse(base));
                    assertEquals(problem.status(), answer.status(), because(seed, op + " answered " + answer.body()
                            + " where the server said " + problem.getMessage()));
                    assertEquals(server.hashHex(), replicas.hashHex(SPACE), because(seed, "refused " + op + " changed it"));
                    assertEquals(base, replicas.version(SPACE));
                    continue;
                }
                applied++;
                ReverseResponse answer = replicas.handle(wire(record));
                assertEquals(204, answer.status(), because(seed, record.toJson() + " answered " + answer.body()));
                assertEquals(server.version(), replicas.version(SPACE), because(seed, "version after " + record.toJson()));
                assertEquals(server.hashHex(), replicas.hashHex(SPACE), because(seed, "hash after " + record.toJson()));
                assertTrue(server.contentEquals(replicas.snapshot(SPACE)), because(seed, "content after " + record.toJson()));
                ReverseResponse check = replicas.handle(DocRequest.replicaCheck(SPACE));
                assertEquals("\"" + server.hashHex() + "\"", check.header("ETag"), because(seed, "replica check"));
            }
        }
        assertTrue(applied > sequences() * OPS_PER_SEQUENCE / 2, "only " + applied + " ops applied, " + refused + " refused");
        assertTrue(refused > 0, "no op was refused: the statuses of refusals went untested");
    }

    @Test
    void repeatedAndReorderedDeliveryNeverCorruptsTheReplica() {
        int repeats = 0;
        int early = 0;
        for (int s = 0; s < sequences(); s++) {
            long seed = baseSeed() + s;
            Random random = new Random(seed);
            Document server = serverDocument(random);
            if (server == null) {
                continue;
            }
            SpaceReplicas replicas = new SpaceReplicas();
            replicas.handle(DocRequest.wholeDocument(SPACE, server));
            List<OpRecord> records = records(random, server, OPS_PER_SEQUENCE);

            for (int index : perturbedDelivery(random, records.size())) {
                OpRecord record = records.get(index);
                long before = replicas.version(SPACE);
                String hashBefore = replicas.hashHex(SPACE);
                int expected = before >= record.version() || before == record.base() ? 204 : 409;
                repeats += before >= record.version() ? 1 : 0;
                early += expected == 409 ? 1 : 0;
                ReverseResponse answer = replicas.handle(wire(record));
                assertEquals(expected, answer.status(), because(seed, "record " + index + " at replica version " + before
                        + ": " + answer.body()));
                if (before == record.base()) {
                    assertEquals(record.version(), replicas.version(SPACE), because(seed, "applied record " + index));
                    assertEquals(record.hash(), replicas.hashHex(SPACE), because(seed, "hash after record " + index));
                } else {
                    assertEquals(before, replicas.version(SPACE), because(seed, "record " + index + " moved the version"));
                    assertEquals(hashBefore, replicas.hashHex(SPACE), because(seed, "record " + index + " changed it"));
                }
            }
            // The server sends everything again, in order: what the replica has is a repeat, the rest applies.
            for (OpRecord record : records) {
                assertEquals(204, replicas.handle(wire(record)).status(), because(seed, "catching up"));
            }
            assertEquals(server.version(), replicas.version(SPACE), because(seed, "final version"));
            assertEquals(server.hashHex(), replicas.hashHex(SPACE), because(seed, "final hash"));
            assertTrue(server.contentEquals(replicas.snapshot(SPACE)), because(seed, "final content"));
        }
        assertTrue(repeats > sequences() && early > sequences() / 2, repeats + " repeats, " + early + " early ops");
    }

    /** Every index at least once, mostly in order, with duplicates and neighbours swapped. */
    private static List<Integer> perturbedDelivery(Random random, int count) {
        List<Integer> delivery = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delivery.add(i);
            if (random.nextInt(5) == 0) {
                delivery.add(random.nextInt(i + 1)); // a repeat of something already sent
            }
            if (delivery.size() > 1 && random.nextInt(8) == 0) {
                Collections.swap(delivery, delivery.size() - 1, delivery.size() - 2);
            }
        }
        return delivery;
    }

    @Test
    void wholeDocumentResyncsADivergedReplica() {
        int resynced = 0;
        for (int s = 0; s < sequences(); s++) {
            long seed = baseSeed() + s;
            Random random = new Random(seed);
            Document server = serverDocument(random);
            if (server == null) {
                continue;
            }
            SpaceReplicas replicas = new SpaceReplicas();
            replicas.handle(DocRequest.wholeDocument(SPACE, server));
            List<OpRecord> common = records(random, server, 5);
            common.forEach(record -> replicas.handle(wire(record)));

            // Another op at the same base version reaches the replica only: same version, other content.
            Document other = replicas.snapshot(SPACE);
            OpRecord stray = records(random, other, 1).getFirst();
            records(random, server, 1 + random.nextInt(5));
            if (stray.hash().equals(server.hashHex())) {
                continue; // by chance, no divergence
            }
            assertEquals(204, replicas.handle(wire(stray)).status(), because(seed, "stray op"));
            String etag = replicas.handle(DocRequest.replicaCheck(SPACE)).header("ETag");
            assertNotEquals("\"" + server.hashHex() + "\"", etag, because(seed, "the check shows the divergence"));

            assertEquals(204, replicas.handle(DocRequest.wholeDocument(SPACE, server)).status(), because(seed, "resync"));
            assertEquals(server.version(), replicas.version(SPACE), because(seed, "version after resync"));
            assertEquals(server.hashHex(), replicas.hashHex(SPACE), because(seed, "hash after resync"));
            assertTrue(server.contentEquals(replicas.snapshot(SPACE)), because(seed, "content after resync"));
            for (OpRecord record : records(random, server, 5)) {
                assertEquals(204, replicas.handle(wire(record)).status(), because(seed, "op after resync"));
            }
            assertEquals(server.hashHex(), replicas.hashHex(SPACE), because(seed, "hash after the ops that followed"));
            resynced++;
        }
        assertTrue(resynced > sequences() / 2, "only " + resynced + " diverged replicas were resynced");
    }

    @Test
    void concurrentDeliveryOfTheSameOpsConverges() throws Exception {
        long seed = baseSeed();
        Random random = new Random(seed);
        Document server = null;
        while (server == null) {
            server = serverDocument(random);
        }
        SpaceReplicas replicas = new SpaceReplicas();
        replicas.handle(DocRequest.wholeDocument(SPACE, server));
        ConcurrentLinkedQueue<Long> told = new ConcurrentLinkedQueue<>();
        replicas.addListener((space, version) -> told.add(version));
        List<OpRecord> records = records(random, server, 100 * RandomDocuments.scale());
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders.add(pool.submit(() -> {
                    start.await();
                    for (OpRecord record : records) {
                        int status = replicas.handle(wire(record)).status();
                        if (status != 204 && status != 409) {
                            throw new AssertionError("seed " + seed + ": status " + status + " for " + record.toJson());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> sender : senders) {
                sender.get();
            }
        }
        records.forEach(record -> replicas.handle(wire(record)));
        assertEquals(server.hashHex(), replicas.hashHex(SPACE), because(seed, "hash after concurrent delivery"));
        List<Long> expected = new ArrayList<>();
        for (long v = 1; v <= records.size(); v++) {
            expected.add(v);
        }
        assertEquals(expected, new ArrayList<>(told), because(seed, "each version told once, in order"));
    }
}
