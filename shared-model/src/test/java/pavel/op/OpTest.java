package pavel.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import pavel.model.AmbiguousPathException;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.FragmentRefusedException;
import pavel.model.NoSuchNodeException;
import pavel.path.NodePath;
import pavel.path.PathSyntaxException;

class OpTest {
    private final Document doc = Document.parse("<div id=\"a\">hi</div><div class=\"x\"><p>one</p><p>two</p></div>");

    private OpRecord apply(Op op) {
        return op.applyTo(doc);
    }

    @Test
    void appendInsertsAsLastChildAndAdvancesTheVersion() {
        OpRecord record = apply(new Op.Insert(NodePath.parse("/body"), Placement.APPEND, "<span>new</span>"));
        assertEquals(0, record.base());
        assertEquals(1, doc.version());
        assertEquals("<body><div id=\"a\">hi</div><div class=\"x\"><p>one</p><p>two</p></div><span>new</span></body>",
                doc.outerHtml());
        assertEquals(doc.hashHex(), record.hash());
    }

    @Test
    void insertFirstBeforeAndAfter() {
        apply(new Op.Insert(NodePath.parse("/body/div[2]"), Placement.FIRST, "<p>zero</p>"));
        apply(new Op.Insert(NodePath.parse("//*[@id='a']"), Placement.BEFORE, "<hr>"));
        apply(new Op.Insert(NodePath.parse("//*[@id='a']"), Placement.AFTER, "text"));
        assertEquals("<body><hr><div id=\"a\">hi</div>text<div class=\"x\"><p>zero</p><p>one</p><p>two</p></div></body>",
                doc.outerHtml());
        assertEquals(3, doc.version());
    }

    @Test
    void replaceById() {
        apply(new Op.Replace(NodePath.parse("//*[@id='a']"), "<div id=\"a\">bye</div>"));
        assertEquals("bye", doc.elementsWithId("a").getFirst().textContent());
    }

    @Test
    void replaceRootReplacesTheWholeDocument() {
        OpRecord record = apply(new Op.Replace(NodePath.ROOT, "<h1>new</h1>"));
        assertEquals("<body><h1>new</h1></body>", doc.outerHtml());
        assertEquals("<body><h1>new</h1></body>", ((Op.Replace) record.op()).html());
        assertTrue(doc.elementsWithId("a").isEmpty());
    }

    @Test
    void setAndRemoveAttributesAndText() {
        apply(new Op.Set(NodePath.parse("/body/div[1]/@class"), "on"));
        apply(new Op.Set(NodePath.parse("/body/div[2]/p[2]/text()"), "2"));
        apply(new Op.Remove(NodePath.parse("/body/div[2]/@class")));
        apply(new Op.Set(NodePath.parse("/body/div[1]/@id"), "b"));
        assertEquals("<body><div id=\"b\" class=\"on\">hi</div><div><p>one</p><p>2</p></div></body>", doc.outerHtml());
        assertTrue(doc.elementsWithId("a").isEmpty());
        assertEquals(1, doc.elementsWithId("b").size());
    }

    @Test
    void removeDeletesTheNodeAndMergesTheTextAroundIt() {
        Document d = Document.parse("<p>a<b>x</b>c</p>");
        new Op.Remove(NodePath.parse("/body/p/b")).applyTo(d);
        assertEquals("<body><p>ac</p></body>", d.outerHtml());
        assertEquals(3, d.nodeCount());
    }

    @Test
    void problemsCarryTheirStatusAndChangeNothing() {
        String before = doc.outerHtml();
        assertStatus(404, NoSuchNodeException.class, new Op.Replace(NodePath.parse("/body/div[9]"), "<p>x</p>"));
        AmbiguousPathException ambiguous = assertStatus(409, AmbiguousPathException.class,
                new Op.Remove(NodePath.parse("//p")));
        assertEquals(2, ambiguous.count());
        assertStatus(422, FragmentRefusedException.class, new Op.Insert(NodePath.parse("/body"), Placement.APPEND,
                "<p>ok</p><script>x</script>"));
        assertStatus(422, FragmentRefusedException.class, new Op.Insert(NodePath.parse("/body/div[2]/p[1]"),
                Placement.APPEND, "<div>block in a paragraph</div>"));
        assertStatus(422, FragmentRefusedException.class, new Op.Set(NodePath.parse("/body/div[1]/@href"), "x"));
        assertStatus(422, FragmentRefusedException.class, new Op.Set(NodePath.parse("/body/div[1]/@onclick"), "x"));
        assertStatus(404, NoSuchNodeException.class, new Op.Remove(NodePath.parse("/body/div[1]/@title")));
        assertStatus(400, DocumentException.class, new Op.Remove(NodePath.parse("/body")));
        assertStatus(400, DocumentException.class, new Op.Insert(NodePath.parse("/body"), Placement.AFTER, "x"));
        assertEquals(before, doc.outerHtml());
        assertEquals(0, doc.version());
        assertEquals(400, assertThrows(PathSyntaxException.class, () -> NodePath.parse("/body/div[")).status());
        assertEquals(400, assertThrows(DocumentException.class, () -> new Op.Replace(NodePath.parse("/body/@id"), "")).status());
        assertEquals(400, assertThrows(DocumentException.class, () -> new Op.Set(NodePath.parse("/body"), "")).status());
        assertEquals(400, assertThrows(DocumentException.class, () -> Placement.fromWireName("middle")).status());
    }

    @Test
    void recordsRoundTripThroughJsonAndReplayOnAReplica() {
        Document replica = doc.copy();
        OpRecord record = apply(new Op.Insert(NodePath.parse("/body/div[2]"), Placement.APPEND, "<p class=q>'three'</p>"));
        String json = record.toJson();
        assertEquals("{\"base\":0,\"op\":{\"type\":\"insert\",\"path\":\"/body/div[2]\",\"at\":\"append\","
                + "\"html\":\"<p class=\\\"q\\\">'three'</p>\"},\"hash\":\"" + doc.hashHex() + "\"}", json);
        assertTrue(OpRecord.fromJson(json).applyTo(replica));
        assertTrue(replica.contentEquals(doc));
        assertFalse(OpRecord.fromJson(json).applyTo(replica), "a repeated op is not applied twice");
    }

    @Test
    void aReplicaAtAnotherVersionGetsAConflict() {
        OpRecord first = apply(new Op.Set(NodePath.parse("/body/div[1]/text()"), "1"));
        OpRecord second = apply(new Op.Set(NodePath.parse("/body/div[1]/text()"), "2"));
        Document replica = Document.parse("<div id=\"a\">hi</div><div class=\"x\"><p>one</p><p>two</p></div>");
        VersionConflictException e = assertThrows(VersionConflictException.class, () -> second.applyTo(replica));
        assertEquals(409, e.status());
        first.applyTo(replica);
        second.applyTo(replica);
        assertEquals(doc.hashHex(), replica.hashHex());
    }

    @Test
    void malformedRecordsAreBadRequests() {
        for (String json : new String[] {"", "{", "[]", "{\"base\":0}", "{\"base\":0,\"op\":{\"type\":\"explode\"},\"hash\":\"\"}",
                "{\"base\":0,\"op\":{\"type\":\"remove\",\"path\":\"/body[\"},\"hash\":\"\"}",
                "{\"base\":0,\"op\":{\"type\":\"set\",\"path\":\"/body\",\"value\":\"x\"},\"hash\":\"\"}",
                "{\"base\":-1,\"op\":{\"type\":\"remove\",\"path\":\"/body/p\"},\"hash\":\"\"}",
                "{\"base\":0,\"op\":{\"type\":\"insert\",\"path\":\"/body\",\"at\":\"middle\",\"html\":\"\"},\"hash\":\"\"}"}) {
            DocumentException e = assertThrows(DocumentException.class, () -> OpRecord.fromJson(json), json);
            assertEquals(400, e.status(), json);
        }
    }

    private <T extends DocumentException> T assertStatus(int status, Class<T> type, Op op) {
        T e = assertThrows(type, () -> op.applyTo(doc), op::toString);
        assertEquals(status, e.status(), e.getMessage());
        return e;
    }
}
