package pavel.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pavel.model.Document;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.op.Placement;
import pavel.path.NodePath;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/** Every answer of DESIGN.md's PTTH table, one request at a time, against a server-side document. */
final class SpaceReplicasTest {
    private static final String HTML = "<div id=\"a\"><p>one</p><p title=\"t\">two</p></div><ul><li>x</li></ul>";

    private final SpaceReplicas replicas = new SpaceReplicas();
    private final List<String> changes = new ArrayList<>();
    private Document server;

    @BeforeEach
    void joinMainAtVersion5() {
        server = new Document(Document.parse(HTML).body().copy(), 5);
        replicas.addListener((space, version) -> changes.add(space + "@" + version));
        assertEquals(204, replicas.handle(DocRequest.wholeDocument("main", server)).status());
    }

    private ReverseResponse send(Op op) {
        OpRecord record = op.applyTo(server);
        return replicas.handle(DocRequest.of("main", record.op()).toReverse(record.base()));
    }

    private ReverseResponse send(String method, String uri, String body, String... headers) {
        List<Header> fields = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            fields.add(new Header(headers[i], headers[i + 1]));
        }
        return replicas.handle(ReverseRequest.of(method, uri, fields, body));
    }

    private static void assertProblem(int status, String sentencePart, ReverseResponse response) {
        assertEquals(status, response.status(), response::body);
        assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
        assertTrue(response.body().contains(sentencePart), () -> "'" + response.body() + "' should say '" + sentencePart + "'");
    }

    private void assertUnchanged() {
        assertEquals(5, replicas.version("main"));
        assertTrue(Document.parse(HTML).contentEquals(replicas.snapshot("main")), () -> replicas.snapshot("main").outerHtml());
    }

    // ---- whole document and replica check ----

    @Test
    void wholeDocumentJoinsAtItsVersion() {
        assertEquals(5, replicas.version("main"));
        assertEquals(server.hashHex(), replicas.hashHex("main"));
        assertTrue(server.contentEquals(replicas.snapshot("main")));
        assertEquals(List.of("main@5"), changes);
    }

    @Test
    void replicaCheckAnswersTheVersionAndTheQuotedHashWithoutABody() {
        ReverseResponse check = replicas.handle(DocRequest.replicaCheck("main"));
        assertEquals(200, check.status());
        assertEquals("5", check.header("Pavel-Version"));
        assertEquals("\"" + server.hashHex() + "\"", check.header("ETag"));
        assertEquals(18, check.header("ETag").length());
        assertEquals("", check.body());
    }

    @Test
    void replicaCheckOfASpaceNotHeldIs404() {
        assertProblem(404, "holds no replica of space lab", replicas.handle(DocRequest.replicaCheck("lab")));
    }

    @Test
    void wholeDocumentReplacesWhateverTheReplicaHeldEvenAnOlderVersion() {
        Document older = new Document(Document.parse("<p>older</p>").body().copy(), 2);
        assertEquals(204, replicas.handle(DocRequest.wholeDocument("main", older)).status());
        assertEquals(2, replicas.version("main"));
        assertEquals("<body><p>older</p></body>", replicas.snapshot("main").outerHtml());
    }

    @Test
    void wholeDocumentAcceptsJustTheBodysContent() {
        assertEquals(204, send("PUT", "/doc/lab/", "<p>hi</p>", "Pavel-Version", "7").status());
        assertEquals("<body><p>hi</p></body>", replicas.snapshot("lab").outerHtml());
        assertEquals(7, replicas.version("lab"));
    }

    @Test
    void wholeDocumentWithoutAVersionIs400() {
        assertProblem(400, "needs a Pavel-Version header", send("PUT", "/doc/main/", "<body></body>"));
        assertUnchanged();
    }

    @Test
    void wholeDocumentTheSanitizerRefusesIs422AndChangesNothing() {
        assertProblem(422, "script", send("PUT", "/doc/main/", "<body><script>x()</script></body>", "Pavel-Version", "9"));
        assertUnchanged();
        assertEquals(List.of("main@5"), changes);
    }

    // ---- ops ----

    @Test
    void opAtTheBaseVersionIsAppliedAnswering204() {
        ReverseResponse response = send(new Op.Insert(NodePath.parse("//*[@id='a']"), Placement.FIRST, "<h1>new</h1>"));
        assertEquals(204, response.status(), response::body);
        assertEquals(6, replicas.version("main"));
        assertEquals(server.hashHex(), replicas.hashHex("main"));
        assertEquals(server.outerHtml(), replicas.snapshot("main").outerHtml());
        assertEquals(List.of("main@5", "main@6"), changes);
    }

    @Test
    void everyKindOfOpTravelsAndApplies() {
        List<Op> ops = List.of(
                new Op.Replace(NodePath.parse("/body/div/p[1]"), "<p>uno</p>"),
                new Op.Insert(NodePath.parse("/body/ul/li"), Placement.AFTER, "<li>y</li>"),
                new Op.Insert(NodePath.parse("/body/ul/li[1]"), Placement.BEFORE, "<li>w</li>"),
                new Op.Insert(NodePath.parse("/body/ul"), Placement.APPEND, "<li>z</li>"),
                new Op.Set(NodePath.parse("/body/div/p[2]/@title"), "it's \"quoted\""),
                new Op.Set(NodePath.parse("/body/div/p[2]/text()"), "deux & <trois>"),
                new Op.Remove(NodePath.parse("/body/div/p[2]/@title")),
                new Op.Remove(NodePath.parse("/body/ul/li[2]")),
                new Op.Replace(NodePath.ROOT, "<body class=\"c\"><p>all new</p></body>"));
        for (Op op : ops) {
            ReverseResponse response = send(op);
            assertEquals(204, response.status(), () -> op + ": " + response.body());
            assertEquals(server.version(), replicas.version("main"), op::toString);
            assertEquals(server.hashHex(), replicas.hashHex("main"), op::toString);
        }
        assertEquals("<body class=\"c\"><p>all new</p></body>", replicas.snapshot("main").outerHtml());
    }

    @Test
    void repeatedOpIs204AndChangesNothing() {
        OpRecord record = new Op.Set(NodePath.parse("/body/ul/li/text()"), "y").applyTo(server);
        ReverseRequest wire = DocRequest.of("main", record.op()).toReverse(record.base());
        assertEquals(204, replicas.handle(wire).status());
        String after = replicas.snapshot("main").outerHtml();
        assertEquals(204, replicas.handle(wire).status());
        assertEquals(after, replicas.snapshot("main").outerHtml());
        assertEquals(6, replicas.version("main"));
        assertEquals(List.of("main@5", "main@6"), changes, "a repeat is not a change");
    }

    @Test
    void opFromTheFutureIs409SayingWhereTheReplicaIs() {
        ReverseResponse response = replicas.handle(
                DocRequest.of("main", new Op.Remove(NodePath.parse("/body/ul"))).toReverse(7));
        assertProblem(409, "at version 5, but the op applies to version 7", response);
        assertEquals("5", response.header("Pavel-Version"));
        assertUnchanged();
    }

    @Test
    void opOnASpaceNotHeldIs409() {
        ReverseResponse response = replicas.handle(
                DocRequest.of("lab", new Op.Remove(NodePath.parse("/body/ul"))).toReverse(0));
        assertProblem(409, "holds no replica of space lab", response);
        assertFalse(replicas.holds("lab"));
    }

    @Test
    void pathThatSelectsNothingIs404() {
        assertProblem(404, "No node matches /body/table", replicas.handle(
                DocRequest.of("main", new Op.Remove(NodePath.parse("/body/table"))).toReverse(5)));
        assertUnchanged();
    }

    @Test
    void pathThatSelectsSeveralIs409() {
        assertProblem(409, "selects 2 nodes", replicas.handle(
                DocRequest.of("main", new Op.Set(NodePath.parse("//p/@class"), "c")).toReverse(5)));
        assertUnchanged();
    }

    @Test
    void fragmentTheSanitizerRefusesIs422AndChangesNothing() {
        assertProblem(422, "onclick", replicas.handle(DocRequest.of("main",
                new Op.Insert(NodePath.parse("/body/ul"), Placement.APPEND, "<li onclick=\"x()\">bad</li>")).toReverse(5)));
        assertProblem(422, "onclick", replicas.handle(DocRequest.of("main",
                new Op.Set(NodePath.parse("/body/ul/li/@onclick"), "x()")).toReverse(5)));
        assertProblem(422, "script", replicas.handle(DocRequest.of("main",
                new Op.Replace(NodePath.parse("/body/ul"), "<script>x()</script>")).toReverse(5)));
        assertUnchanged();
    }

    @Test
    void malformedRequestsAre400AndChangeNothing() {
        assertProblem(400, "Bad node path", send("DELETE", "/doc/main/body/div%5B", "", "Pavel-Base", "5", "Pavel-Version", "6"));
        assertProblem(400, "not a space name", send("DELETE", "/doc/-x/body/ul", "", "Pavel-Base", "5", "Pavel-Version", "6"));
        assertProblem(400, "needs a Pavel-Base header", send("DELETE", "/doc/main/body/ul", "", "Pavel-Version", "6"));
        assertProblem(400, "needs a Pavel-Version header", send("DELETE", "/doc/main/body/ul", "", "Pavel-Base", "5"));
        assertProblem(400, "'five' is not a version", send("DELETE", "/doc/main/body/ul", "", "Pavel-Base", "five", "Pavel-Version", "6"));
        assertProblem(400, "'+6' is not a version", send("DELETE", "/doc/main/body/ul", "", "Pavel-Base", "5", "Pavel-Version", "+6"));
        assertProblem(400, "from 5 (Pavel-Base) to 7 (Pavel-Version)", send("DELETE", "/doc/main/body/ul", "", "Pavel-Base", "5", "Pavel-Version", "7"));
        assertProblem(400, "Nothing can be inserted into /body/ul/@id", send("POST", "/doc/main/body/ul/@id", "x", "Pavel-Base", "5", "Pavel-Version", "6"));
        assertProblem(400, "Text is not removed by path", send("DELETE", "/doc/main/body/ul/li/text()", "", "Pavel-Base", "5", "Pavel-Version", "6"));
        assertProblem(400, "Unknown placement 'middle'", send("POST", "/doc/main/body/ul?at=middle", "<li>m</li>", "Pavel-Base", "5", "Pavel-Version", "6"));
        assertProblem(400, "not /ui/x", send("PUT", "/ui/x", "", "Pavel-Base", "5", "Pavel-Version", "6"));
        assertUnchanged();
    }

    @Test
    void percentEncodedAndPlainPathsAreTheSame() {
        assertEquals(204, send("PUT", "/doc/main/body/div/p%5B2%5D/text()", "2", "Pavel-Base", "5", "Pavel-Version", "6").status());
        assertEquals(204, send("PUT", "/doc/main/body/div/p[1]/text()", "1", "Pavel-Base", "6", "Pavel-Version", "7").status());
        assertEquals("<div id=\"a\"><p>1</p><p title=\"t\">2</p></div>",
                replicas.handle(ReverseRequest.of("GET", "/doc/main/body/div", List.of(), "")).body());
    }

    @Test
    void putOnTheRootWithABaseIsAnOpNotAWholeDocument() {
        assertProblem(409, "applies to version 8", send("PUT", "/doc/main/", "<p>x</p>", "Pavel-Base", "8", "Pavel-Version", "9"));
        assertEquals(204, send("PUT", "/doc/main/", "<p>x</p>", "Pavel-Base", "5", "Pavel-Version", "6").status());
        assertEquals("<body><p>x</p></body>", replicas.snapshot("main").outerHtml());
        assertEquals(6, replicas.version("main"));
    }

    @Test
    void otherMethodsAre405() {
        ReverseResponse response = send("PATCH", "/doc/main/body", "x");
        assertEquals(405, response.status());
        assertEquals("GET, PUT, POST, DELETE", response.header("Allow"));
    }

    // ---- reading nodes ----

    @Test
    void getOfANodeAnswersItsOuterHtmlOrValue() {
        ReverseResponse element = send("GET", "/doc/main/body/div/p%5B2%5D", "");
        assertEquals(200, element.status());
        assertEquals("<p title=\"t\">two</p>", element.body());
        assertEquals("text/html; charset=utf-8", element.header("Content-Type"));
        assertEquals("5", element.header("Pavel-Version"));
        ReverseResponse attribute = send("GET", "/doc/main/body/div/@id", "");
        assertEquals("a", attribute.body());
        assertEquals("text/plain; charset=utf-8", attribute.header("Content-Type"));
        assertEquals("x", send("GET", "/doc/main/body/ul/li/text()", "").body());
    }

    @Test
    void getOfANodeIs404WhenNoneMatchesAnd409WhenSeveralDo() {
        assertProblem(404, "No node matches /body/table", send("GET", "/doc/main/body/table", ""));
        assertProblem(404, "No node matches /body/div/@class", send("GET", "/doc/main/body/div/@class", ""));
        assertProblem(409, "selects 2 nodes", send("GET", "/doc/main//p", ""));
        assertProblem(404, "holds no replica of space lab", send("GET", "/doc/lab/body", ""));
    }

    // ---- accessors ----

    @Test
    void resumeHeaderNamesEverySpaceHeldWithItsVersion() {
        SpaceReplicas none = new SpaceReplicas();
        assertNull(none.resumeHeaderValue());
        assertEquals("main=5", replicas.resumeHeaderValue());
        send("PUT", "/doc/lab/", "<p>hi</p>", "Pavel-Version", "7");
        assertEquals("lab=7, main=5", replicas.resumeHeaderValue());
        assertEquals(java.util.Set.of("lab", "main"), replicas.spaces());
    }

    @Test
    void forgottenSpaceIsNoLongerHeld() {
        replicas.forget("main");
        assertFalse(replicas.holds("main"));
        assertNull(replicas.resumeHeaderValue());
        assertNull(replicas.findSnapshot("main"));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> replicas.version("main"));
        assertEquals("This client holds no replica of space 'main'.", e.getMessage());
        assertEquals(409, replicas.handle(DocRequest.of("main", new Op.Remove(NodePath.parse("/body/ul"))).toReverse(5)).status());
        assertEquals(204, replicas.handle(DocRequest.wholeDocument("main", server)).status());
        assertTrue(replicas.holds("main"));
    }

    @Test
    void snapshotIsACopy() {
        Document copy = replicas.snapshot("main");
        new Op.Remove(NodePath.parse("/body/ul")).applyTo(copy);
        assertEquals(5, replicas.version("main"));
        assertEquals(server.hashHex(), replicas.hashHex("main"));
    }

    @Test
    void aListenerThatThrowsNeitherFailsTheOpNorSilencesTheOthers() {
        List<Long> seen = new ArrayList<>();
        replicas.addListener((space, version) -> {
            throw new IllegalStateException("broken view");
        });
        replicas.addListener((space, version) -> seen.add(version));
        assertEquals(204, send(new Op.Remove(NodePath.parse("/body/ul"))).status());
        assertEquals(List.of(6L), seen);
        assertEquals(List.of("main@5", "main@6"), changes);
    }

    @Test
    void failedOpsTellNoListener() {
        replicas.handle(DocRequest.of("main", new Op.Remove(NodePath.parse("/body/table"))).toReverse(5));
        replicas.handle(DocRequest.of("main", new Op.Remove(NodePath.parse("/body/ul"))).toReverse(9));
        assertEquals(List.of("main@5"), changes);
    }
}
