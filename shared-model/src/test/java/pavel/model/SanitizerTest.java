package pavel.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SanitizerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<script>alert(1)</script>                       | <script>: scripts are not allowed",
        "<style>p{}</style>                              | <style>: style sheets are not allowed",
        "<iframe src=\"x\"></iframe>                     | <iframe>: embedded content is not allowed",
        "<object data=\"x\"></object>                    | <object>: embedded content is not allowed",
        "<embed src=\"x\">                               | <embed>: embedded content is not allowed",
        "<marquee>hi</marquee>                           | <marquee>: not an allowed element",
        "<div onclick=\"x()\">hi</div>                   | attribute onclick on <div>: event handler attributes are not allowed",
        "<img src=x onerror=alert(1)>                    | attribute onerror on <img>: event handler attributes are not allowed",
        "<a href=\"javascript:alert(1)\">x</a>           | attribute href on <a>: the URL scheme 'javascript:' is not allowed",
        "<a href=\" JaVa&#x09;ScRiPt:alert(1)\">x</a>    | attribute href on <a>: the URL scheme 'javascript:' is not allowed",
        "<a href=\"&#106;avascript:alert(1)\">x</a>      | attribute href on <a>: the URL scheme 'javascript:' is not allowed",
        "<a href=\"vbscript:x\">x</a>                    | attribute href on <a>: the URL scheme 'vbscript:' is not allowed",
        "<a href=\"data:text/html,<b>\">x</a>            | attribute href on <a>: the URL scheme 'data:' is not allowed",
        "<img src=\"data:image/svg+xml,<svg/>\">         | attribute src on <img>: the URL scheme 'data:' is not allowed",
        "<div style=\"color:red\">x</div>                | attribute style on <div>: inline styles are not allowed; use class",
        "<div srcdoc=\"x\">x</div>                       | attribute srcdoc on <div>: not an allowed attribute",
        "<svg><circle/></svg>                            | <svg>: SVG is not allowed",
    })
    void refusesAndSaysWhat(String html, String refusal) {
        FragmentRefusedException e = assertThrows(FragmentRefusedException.class, () -> HtmlFragment.parse(html));
        assertEquals(refusal, e.refusals().getFirst().toString());
        assertEquals(422, e.status());
    }

    @Test
    void namesEveryOffenderNotJustTheFirst() {
        FragmentRefusedException e = assertThrows(FragmentRefusedException.class, () -> HtmlFragment.parse(
                "<div onclick=\"a()\"><script>x</script><p onmouseover=\"b()\">t</p></div>"));
        assertEquals(List.of("attribute onclick on <div>", "<script>", "attribute onmouseover on <p>"),
                e.refusals().stream().map(Refusal::what).toList());
        assertEquals("The fragment was refused: attribute onclick on <div>: event handler attributes are not allowed; "
                + "<script>: scripts are not allowed; attribute onmouseover on <p>: event handler attributes are not "
                + "allowed.", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<a href=\"https://example.org/x?a=1&amp;b=2\">x</a>",
        "<a href=\"/relative\">x</a>",
        "<a href=\"mailto:a@example.org\">x</a>",
        "<a href=\"#top\">x</a>",
        "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"\">",
        "<div data-post=\"/objects/counter\" data-message=\"{&quot;type&quot;:&quot;inc&quot;}\">x</div>",
        "<button aria-label=\"go\" class=\"b\" type=\"button\">go</button>",
        "<table><tbody><tr><td colspan=\"2\">x</td></tr></tbody></table>",
        "<form><input type=\"text\" name=\"q\"><textarea name=\"t\">x</textarea></form>",
    })
    void keepsWhatIsAllowedExactly(String html) {
        List<Node> nodes = assertDoesNotThrow(() -> HtmlFragment.parse(html));
        StringBuilder written = new StringBuilder();
        nodes.forEach(n -> written.append(n.outerHtml()));
        assertEquals(html, written.toString());
    }

    @Test
    void refusesDeepNesting() {
        String deep = "<div>".repeat(Document.MAX_DEPTH + 5);
        FragmentRefusedException e = assertThrows(FragmentRefusedException.class, () -> HtmlFragment.parse(deep));
        assertEquals("nests deeper than " + Document.MAX_DEPTH + " levels", e.refusals().getFirst().why());
    }

    @Test
    void aWholeDocumentKeepsBodyAttributesAndRefusesHeadContent() {
        assertEquals("<body class=\"dark\"><p>x</p></body>",
                HtmlFragment.parseBody("<body class=dark><p>x</p></body>").outerHtml());
        FragmentRefusedException e = assertThrows(FragmentRefusedException.class,
                () -> HtmlFragment.parseBody("<html><head><title>t</title></head><body></body></html>"));
        assertEquals("<title>", e.refusals().getFirst().what());
    }
}
