package pavel.path;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Recursive-descent parser for the node path grammar of DESIGN.md. Percent-escapes are decoded first, and every
 * error points at the character of the text as given. Not thread-safe; one instance per parse.
 */
final class NodePathParser {
    /** Positions are plain ints; a longer number selects nothing any document could hold. */
    private static final int MAX_POSITION_DIGITS = 9;

    private final String original;
    private final String text;
    /** For each char of {@link #text}, the offset of its first char in {@link #original}. */
    private final int[] sourceIndex;
    private int pos;

    private NodePathParser(String original) {
        this.original = original;
        int[] map = new int[original.length() + 1];
        this.text = decode(original, map);
        map[text.length()] = original.length();
        this.sourceIndex = map;
    }

    static NodePath parse(String path) {
        return new NodePathParser(path).path();
    }

    private NodePath path() {
        if (text.isEmpty()) {
            throw error("'/'");
        }
        expect('/');
        if (atEnd()) {
            return NodePath.ROOT;
        }
        List<Step> steps = new ArrayList<>();
        Leaf leaf = null;
        pos--;
        while (!atEnd()) {
            expect('/');
            boolean descendant = peek('/');
            if (descendant) {
                pos++;
            }
            if (!descendant && !steps.isEmpty()) {
                leaf = leaf();
                if (leaf != null) {
                    if (!atEnd()) {
                        throw error("the end of the path after " + leaf);
                    }
                    break;
                }
            }
            steps.add(step(descendant));
        }
        return new NodePath(steps, leaf);
    }

    private @Nullable Leaf leaf() {
        if (peek('@')) {
            pos++;
            return new Leaf.AttributeLeaf(name("an attribute name"));
        }
        if (text.startsWith("text()", pos)) {
            pos += "text()".length();
            return new Leaf.TextLeaf();
        }
        return null;
    }

    private Step step(boolean descendant) {
        String name;
        if (peek('*')) {
            pos++;
            name = "*";
        } else {
            name = name("an element name or '*'");
        }
        List<Predicate> predicates = new ArrayList<>();
        while (peek('[')) {
            pos++;
            predicates.add(predicate());
            expect(']');
        }
        return new Step(descendant, name, predicates);
    }

    private Predicate predicate() {
        if (peek('@')) {
            pos++;
            String name = name("an attribute name");
            expect('=');
            return new Predicate.AttributeEquals(name, quoted());
        }
        if (text.startsWith("last()", pos)) {
            pos += "last()".length();
            return new Predicate.Last();
        }
        int start = pos;
        if (atEnd() || text.charAt(pos) < '1' || text.charAt(pos) > '9') {
            throw error("a position from 1, 'last()' or '@name='");
        }
        while (!atEnd() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos - start > MAX_POSITION_DIGITS) {
            pos = start;
            throw error("a position of at most " + MAX_POSITION_DIGITS + " digits");
        }
        return new Predicate.Position(Integer.parseInt(text, start, pos, 10));
    }

    private String quoted() {
        if (atEnd() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
            throw error("a quoted value (' or \")");
        }
        char quote = text.charAt(pos++);
        int close = text.indexOf(quote, pos);
        if (close < 0) {
            pos = text.length();
            throw error("the closing " + quote);
        }
        for (int i = pos; i < close; i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < close && Character.isLowSurrogate(text.charAt(++i))
                    : !Character.isLowSurrogate(c);
            if (!paired) {
                pos = i;
                throw error("a whole character (not half of a surrogate pair)");
            }
        }
        String value = text.substring(pos, close);
        pos = close + 1;
        return value;
    }

    private String name(String what) {
        int start = pos;
        if (atEnd() || !isNameStart(text.charAt(pos))) {
            throw error(what);
        }
        pos++;
        while (!atEnd() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private PathSyntaxException error(String expected) {
        return new PathSyntaxException(original, sourceIndex[Math.min(pos, text.length())], expected);
    }

    /** XML NameStartChar without ':' (the BMP part). */
    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF)
                || (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D)
                || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF)
                || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD);
    }

    /** XML NameChar without ':' (the BMP part). */
    static boolean isNameChar(char c) {
        return isNameStart(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7
                || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
    }

    /** Decodes %XX escapes (UTF-8), filling {@code map} with the source offset of each decoded char. */
    private static String decode(String s, int[] map) {
        if (s.indexOf('%') < 0) {
            for (int i = 0; i <= s.length(); i++) {
                map[i] = i;
            }
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                map[out.length()] = i;
                out.append(c);
                i++;
                continue;
            }
            int start = i;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (i < s.length() && s.charAt(i) == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new PathSyntaxException(s, i, "two hex digits after '%'");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            }
            String decoded;
            try {
                decoded = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            } catch (CharacterCodingException e) {
                throw new PathSyntaxException(s, start, "percent-escapes that spell UTF-8");
            }
            for (int k = 0; k < decoded.length(); k++) {
                map[out.length()] = start;
                out.append(decoded.charAt(k));
            }
        }
        return out.toString();
    }
}
