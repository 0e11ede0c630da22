package pavel.desktop.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import pavel.desktop.ptth.ReverseReplies;
import pavel.desktop.ptth.ReverseRouter;
import pavel.model.Document;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.op.Placement;
import pavel.path.NodePath;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.replica.SpaceReplicas;

/** The routes on a router, without a connection: each document request reaches the replicas, the rest does not. */
final class ReplicaRoutesTest {
    private final SpaceReplicas replicas = new SpaceReplicas();
    private final ReverseRouter router = ReplicaRoutes.register(ReverseRouter.builder(), replicas)
            .on("POST", "/console", ReverseReplies::noContent)
            .build();

    @Test
    void everyDocumentMethodReachesTheReplicas() throws Exception {
        Document server = new Document(Document.parse("<ul><li>a</li></ul>").body().copy(), 3);
        assertEquals(204, router.handle(DocRequest.wholeDocument("main", server)).status());
        for (Op op : List.of(
                new Op.Insert(NodePath.parse("/body/ul"), Placement.APPEND, "<li>b</li>"),
                new Op.Set(NodePath.parse("/body/ul/li[2]/text()"), "B"),
                new Op.Remove(NodePath.parse("/body/ul/li[1]")))) {
            OpRecord record = op.applyTo(server);
            ReverseResponse answer = router.handle(DocRequest.of("main", record.op()).toReverse(record.base()));
            assertEquals(204, answer.status(), answer::body);
        }
        ReverseResponse check = router.handle(DocRequest.replicaCheck("main"));
        assertEquals(200, check.status());
        assertEquals("6", check.header("Pavel-Version"));
        assertEquals("\"" + server.hashHex() + "\"", check.header("ETag"));
    }

    @Test
    void theReplicasStatusesComeBackThroughTheRouter() throws Exception {
        ReverseResponse answer = router.handle(DocRequest.of("main", new Op.Remove(NodePath.parse("/body/p"))).toReverse(0));
        assertEquals(409, answer.status());
        assertEquals("text/plain; charset=utf-8", answer.header("Content-Type"));
        assertEquals("This client holds no replica of space main yet; it needs the whole document first.", answer.body());
        assertEquals(404, router.handle(DocRequest.replicaCheck("main")).status());
    }

    @Test
    void otherMethodsOnDocumentsAre405AndOtherRoutesStillWork() throws Exception {
        ReverseResponse patch = router.handle(ReverseRequest.of("PATCH", "/doc/main/body", List.of(), ""));
        assertEquals(405, patch.status());
        assertEquals("GET, PUT, POST, DELETE", patch.header("Allow"));
        assertEquals(204, router.handle(ReverseRequest.of("POST", "/console", List.of(), "hi")).status());
        assertEquals(404, router.handle(ReverseRequest.of("PUT", "/presence/ann", List.of(), "")).status());
    }

    @Test
    void resumeHeadersCarryTheVersionOfEverySpaceHeldAndNothingBefore() {
        ResumeHeaders headers = new ResumeHeaders(replicas);
        assertEquals(List.of(), headers.get());
        replicas.handle(DocRequest.wholeDocument("main", new Document(Document.parse("<p>m</p>").body().copy(), 42)));
        replicas.handle(DocRequest.wholeDocument("lab", new Document(Document.parse("<p>l</p>").body().copy(), 7)));
        assertEquals(List.of(new Header("Pavel-Version", "lab=7, main=42")), headers.get());
    }
}
