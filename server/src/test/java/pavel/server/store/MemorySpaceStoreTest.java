package pavel.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pavel.model.Document;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.op.Placement;
import pavel.path.NodePath;

/** The in-memory op log: what a returning session missed, while the log reaches back that far. */
class MemorySpaceStoreTest {

    @Test
    void sinceGivesTheOpsAfterAVersionWhileTheLogHasThem() {
        MemorySpaceStore store = new MemorySpaceStore(5);
        Document document = new Document();
        store.create("main", document);
        List<OpRecord> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            OpRecord record = new Op.Insert(NodePath.ROOT, Placement.APPEND, "<p>" + i + "</p>").applyTo(document);
            store.append("main", record);
            records.add(record);
        }
        assertEquals(Optional.of(List.of()), store.since("main", 8), "up to date");
        assertEquals(Optional.of(records.subList(5, 8)), store.since("main", 5));
        assertEquals(Optional.of(records.subList(3, 8)), store.since("main", 3), "the oldest kept op has base 3");
        assertEquals(Optional.empty(), store.since("main", 2), "the log no longer reaches back to 2");
        assertEquals(Optional.empty(), store.since("main", 9), "ahead of the space");
        assertEquals(Optional.empty(), store.since("nowhere", 0));
        assertEquals(Optional.of(records.get(6)), store.producing("main", 7));
        assertEquals(Optional.of(records.get(3)), store.producing("main", 4));
        assertEquals(Optional.empty(), store.producing("main", 3));
        assertEquals(Optional.empty(), store.producing("main", 9));
    }

    @Test
    void opsAreAppendedInVersionOrder() {
        MemorySpaceStore store = new MemorySpaceStore(5);
        Document document = new Document();
        store.create("main", document);
        OpRecord first = new Op.Insert(NodePath.ROOT, Placement.APPEND, "<p>a</p>").applyTo(document);
        OpRecord second = new Op.Insert(NodePath.ROOT, Placement.APPEND, "<p>b</p>").applyTo(document);
        assertThrows(IllegalStateException.class, () -> store.append("main", second));
        store.append("main", first);
        store.append("main", second);
        assertEquals(Optional.of(List.of(first, second)), store.since("main", 0));
    }
}
