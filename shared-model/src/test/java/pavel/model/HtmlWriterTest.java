package pavel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlWriterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<p class=b id=a>x</p>                     | <p class=\"b\" id=\"a\">x</p>",
        "<p title='a \"q\" &amp; <b>'>x</p>        | <p title=\"a &quot;q&quot; &amp; &lt;b&gt;\">x</p>",
        "<p>1 &lt; 2 &amp;&amp; \"3\" &gt; 'x'</p> | <p>1 &lt; 2 &amp;&amp; \"3\" &gt; 'x'</p>",
        "<p>a&nbsp;b</p>                           | <p>a&nbsp;b</p>",
        "<br><hr><img src=a.png alt=''>           | <br><hr><img src=\"a.png\" alt=\"\">",
        "<input disabled>                          | <input disabled=\"\">",
        "<ul><li>a<li>b</ul>                       | <ul><li>a</li><li>b</li></ul>",
        "<p>a<div>b</div>                          | <p>a</p><div>b</div>",
        "<table><tr><td>x</table>                  | <table><tbody><tr><td>x</td></tr></tbody></table>",
        "<DIV ID=x>y</DIV>                         | <div id=\"x\">y</div>",
        "a<!-- comment -->b                        | ab",
    })
    void writesCanonicalHtml(String html, String canonical) {
        StringBuilder out = new StringBuilder();
        HtmlFragment.parse(html).forEach(n -> out.append(n.outerHtml()));
        assertEquals(canonical, out.toString());
    }

    @Test
    void rawCarriageReturnsAreNewlinesAndCharacterReferencesStay() {
        Document doc = Document.parse("<p title=\"x\r\ny&#13;\">a&#13;b\r\nc\rd</p>");
        Element p = (Element) doc.body().child(0);
        assertEquals("a\rb\nc\nd", p.textContent(), "as a browser parses it");
        assertEquals("x\ny\r", p.attribute("title"));
        assertEquals("<p title=\"x\ny&#13;\">a&#13;b\nc\nd</p>", p.outerHtml(), "a CR is written so that it reads back");
        assertTrue(Document.parse(doc.outerHtml()).contentEquals(doc));
    }

    @Test
    void keepsALeadingNewlineInPreAndTextarea() {
        for (String name : List.of("pre", "textarea")) {
            Document doc = new Document(new Element("body", List.of(), List.of(
                    new Element(name, List.of(), List.of(new Text("\n\nindented"))))), 0);
            assertEquals("<body><" + name + ">\n\n\nindented</" + name + "></body>", doc.outerHtml());
            assertTrue(Document.parse(doc.outerHtml()).contentEquals(doc), name);
        }
    }

    @Test
    void adjacentTextIsMergedAndEmptyTextDropped() {
        Element p = new Element("p", List.of(), List.of(new Text("a"), new Text(""), new Text("b"), new Element("br"),
                new Text("")));
        assertEquals(2, p.childCount());
        assertEquals("<p>ab<br></p>", p.outerHtml());
    }
}
