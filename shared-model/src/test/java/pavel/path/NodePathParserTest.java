package pavel.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NodePathParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/                                  | /",
        "/body                              | /body",
        "/body/div[2]                       | /body/div[2]",
        "/body/div%5B2%5D                   | /body/div[2]",
        "/body/div%5b2%5d/span              | /body/div[2]/span",
        "//*[@id='x']                       | //*[@id='x']",
        "//*[@id=%22x%22]                   | //*[@id='x']",
        "//*[@id=%27it%20is%27]             | //*[@id='it is']",
        "//*[@id=\"it's\"]                  | //*[@id=\"it's\"]",
        "/body//li[last()][@class='a b']    | /body//li[last()][@class='a b']",
        "/body/p/text()                     | /body/p/text()",
        "/body/a/@href                      | /body/a/@href",
        "/body/*[3]/@data-x.y_z             | /body/*[3]/@data-x.y_z",
        "//caf%C3%A9                        | //café",
        "/body/text                         | /body/text",
        "/body/last                         | /body/last",
    })
    void parsesAndPrintsTheCanonicalForm(String input, String canonical) {
        NodePath path = NodePath.parse(input);
        assertEquals(canonical, path.toString());
        assertEquals(path, NodePath.parse(path.toUriString()));
    }

    @Test
    void uriFormEncodesBracketsQuotesAndSpaces() {
        assertEquals("/body/div%5B2%5D/span%5B@id=%27a%20b%27%5D", NodePath.parse("/body/div[2]/span[@id='a b']").toUriString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                        | 1  | '/'",
        "body                      | 1  | '/'",
        "/body/                    | 7  | an element name or '*'",
        "/body/div[                | 11 | a position from 1, 'last()' or '@name='",
        "/body/div[0]              | 11 | a position from 1, 'last()' or '@name='",
        "/body/div[2               | 12 | ']'",
        "/body/div[2]]             | 13 | '/'",
        "/body/div[@id=x]          | 15 | a quoted value (' or \")",
        "/body/div[@id='x]         | 18 | the closing '",
        "/body/div[@='x']          | 12 | an attribute name",
        "/body/@id/x               | 10 | the end of the path after @id",
        "/body/text()/x            | 13 | the end of the path after text()",
        "/@id                      | 2  | an element name or '*'",
        "/body//@id                | 8  | an element name or '*'",
        "/body/div[ 2]             | 11 | a position from 1, 'last()' or '@name='",
        "/body/div%5                | 10 | two hex digits after '%'",
        "/body/div%5B2%zz          | 14 | two hex digits after '%'",
        "/body/%FF                 | 7  | percent-escapes that spell UTF-8",
        "/body/div[1234567890]     | 11 | a position of at most 9 digits",
        "/body/div[last]           | 11 | a position from 1, 'last()' or '@name='",
        "/body/1div                | 7  | an element name or '*'",
    })
    void refusesWithWhatWasExpectedAndWhere(String input, int character, String expected) {
        PathSyntaxException e = assertThrows(PathSyntaxException.class, () -> NodePath.parse(input));
        assertEquals(expected, e.expected(), e.getMessage());
        assertEquals(character, e.index() + 1, e.getMessage());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("at character " + character), e.getMessage());
    }
}
