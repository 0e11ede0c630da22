package pavel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixed vectors, computed by a second, independent implementation of the definition in {@link DocumentHash}: the
 * browser and desktop clients must compute exactly these.
 */
class DocumentHashTest {

    @Test
    void vectors() {
        assertEquals("cbf29ce484222325", DocumentHash.hex(DocumentHash.ofString("")));
        assertEquals("af63dc4c8601ec8c", DocumentHash.hex(DocumentHash.ofString("a")));
        assertEquals(VECTOR_EMPTY, new Document().hashHex());
        assertEquals(VECTOR_SMALL, Document.parse("<p class=\"a\">hi</p>x").hashHex());
    }

    private static final String VECTOR_EMPTY = "cf30597d7a508290";
    private static final String VECTOR_SMALL = "60b44b21e0b7e3c0";

    @Test
    void orderOfChildrenAndAttributesMatters() {
        assertNotEquals(Document.parse("<p>a</p><p>b</p>").hashHex(), Document.parse("<p>b</p><p>a</p>").hashHex());
        assertNotEquals(Document.parse("<p id=a class=b></p>").hashHex(), Document.parse("<p class=b id=a></p>").hashHex());
        assertNotEquals(Document.parse("<p>ab</p>").hashHex(), Document.parse("<p>a<b></b></p>").hashHex());
        assertNotEquals(Document.parse("<p title=x></p>").hashHex(), Document.parse("<p>x</p>").hashHex());
    }

    @Test
    void incrementalHashEqualsAFreshOneAfterDeepChanges() {
        Document doc = Document.parse("<div><ul><li>a</li><li>b</li></ul></div><div>c</div>");
        Element ul = (Element) ((Element) doc.body().child(0)).child(0);
        doc.insert(ul, 1, HtmlFragment.parse("<li>new</li>", "ul"));
        doc.setAttribute(ul, "class", "list");
        doc.setText((Element) ul.child(2), "B");
        assertEquals(new Document(doc.body().copy(), 0).hashHex(), doc.hashHex());
        assertEquals(Document.parse("<div><ul class=list><li>a</li><li>new</li><li>B</li></ul></div><div>c</div>").hashHex(),
                doc.hashHex());
        assertEquals(List.of(), doc.elementsWithId("none"));
    }
}
