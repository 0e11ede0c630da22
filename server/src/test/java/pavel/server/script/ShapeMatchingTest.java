package pavel.server.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Shapes as DESIGN.md defines them, one row per case: a shape, a message, and whether it matches. */
class ShapeMatchingTest {
    private static ScriptEngine scripts;

    @BeforeAll
    static void start() {
        scripts = new ScriptEngine(ScriptConfig.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        scripts.close();
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // literals
                row("{type: 'inc'}", "{\"type\":\"inc\"}", true),
                row("{type: 'inc'}", "{\"type\":\"dec\"}", false),
                row("{type: 'inc'}", "{\"type\":\"inc\",\"by\":2}", true),
                row("{n: 1}", "{\"n\":1}", true),
                row("{n: 1}", "{\"n\":\"1\"}", false),
                row("{n: 1}", "{\"n\":1.0}", true),
                row("{ok: true}", "{\"ok\":true}", true),
                row("{ok: true}", "{\"ok\":1}", false),
                row("{v: null}", "{\"v\":null}", true),
                row("{v: null}", "{\"v\":0}", false),
                // types
                row("{v: Number}", "{\"v\":3.5}", true),
                row("{v: Number}", "{\"v\":\"3.5\"}", false),
                row("{v: String}", "{\"v\":\"x\"}", true),
                row("{v: String}", "{\"v\":null}", false),
                row("{v: Boolean}", "{\"v\":false}", true),
                row("{v: Boolean}", "{\"v\":0}", false),
                row("{v: Array}", "{\"v\":[]}", true),
                row("{v: Array}", "{\"v\":{}}", false),
                row("{v: Object}", "{\"v\":{}}", true),
                row("{v: Object}", "{\"v\":[]}", false),
                row("{v: Object}", "{\"v\":null}", false),
                // any: the key must be there, with any value
                row("{v: any}", "{\"v\":null}", true),
                row("{v: any}", "{\"v\":[1,{}]}", true),
                row("{v: any}", "{\"w\":1}", false),
                row("any", "[1,2]", true),
                row("{}", "{\"anything\":1}", true),
                row("{}", "[]", false),
                // missing keys
                row("{type: 'set', value: Number}", "{\"type\":\"set\"}", false),
                row("{type: 'set', value: Number}", "{\"value\":1}", false),
                row("{a: any}", "{\"a\":1,\"toString\":2}", true),
                row("{toString: any}", "{\"a\":1}", false),
                // nested objects, recursively, extra keys allowed
                row("{p: {x: Number, y: Number}}", "{\"p\":{\"x\":1,\"y\":2,\"z\":3}}", true),
                row("{p: {x: Number, y: Number}}", "{\"p\":{\"x\":1}}", false),
                row("{p: {q: {r: 'deep'}}}", "{\"p\":{\"q\":{\"r\":\"deep\"}}}", true),
                row("{p: {q: {r: 'deep'}}}", "{\"p\":{\"q\":{\"r\":\"shallow\"}}}", false),
                row("{p: {x: 1}}", "{\"p\":[1]}", false),
                // arrays: the same length, element by element
                row("{at: [Number, Number]}", "{\"at\":[1,2]}", true),
                row("{at: [Number, Number]}", "{\"at\":[1,2,3]}", false),
                row("{at: [Number, Number]}", "{\"at\":[1]}", false),
                row("{at: [1, String]}", "{\"at\":[1,\"x\"]}", true),
                row("{at: [1, String]}", "{\"at\":[2,\"x\"]}", false),
                row("{at: []}", "{\"at\":[]}", true),
                row("{at: [{k: any}]}", "{\"at\":[{\"k\":0}]}", true),
                row("{at: [{k: any}]}", "{\"at\":{\"0\":{\"k\":0}}}", false));
    }

    private static Arguments row(String shape, String message, boolean matches) {
        return Arguments.of(shape, message, matches);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("table")
    void shapeMatchesMessagesAsDesigned(String shape, String message, boolean matches) {
        Behaviour b = scripts.compile("on(" + shape + ", () => 'hit');");
        HandlerRun run = scripts.contexts().run(b, "shapes", "{}", message, Host.refusing());
        if (matches) {
            assertEquals("\"hit\"", assertInstanceOf(HandlerRun.Done.class, run).replyJson());
        } else {
            assertEquals(HandlerRun.NO_MATCH, run);
        }
    }

    @Test
    void handlersAreTriedInRegistrationOrder() {
        Behaviour b = scripts.compile("""
                on({type: 'x', n: 1}, () => 'first');
                on({type: 'x'}, () => 'second');
                on({type: 'x', n: 1}, () => 'never');
                on(any, () => 'fallback');
                """);
        assertEquals(List.of("{type: \"x\", n: 1}", "{type: \"x\"}", "{type: \"x\", n: 1}", "any"), b.shapes());
        assertEquals("\"first\"", reply(b, "{\"type\":\"x\",\"n\":1}"));
        assertEquals("\"second\"", reply(b, "{\"type\":\"x\",\"n\":2}"));
        assertEquals("\"fallback\"", reply(b, "{\"type\":\"y\"}"));
    }

    @Test
    void shapesAreDescribedAsJavaScript() {
        Behaviour b = scripts.compile("""
                on({type: 'set', value: Number, at: [String, any], 'odd key': {ok: true}, v: null}, () => 1);
                """);
        assertEquals(List.of("{type: \"set\", value: Number, at: [String, any], \"odd key\": {ok: true}, v: null}"),
                b.shapes());
    }

    @Test
    void changingTheShapeAfterRegistrationChangesNothing() {
        Behaviour b = scripts.compile("""
                const shape = {type: 'a'};
                on(shape, () => 'a');
                shape.type = 'b';
                """);
        assertEquals("\"a\"", reply(b, "{\"type\":\"a\"}"));
    }

    @Test
    void unsupportedShapeValuesAreRefusedWhenRegistered() {
        BehaviourException e = assertThrows(BehaviourException.class,
                () -> scripts.compile("\non({type: 'x', when: Date}, () => 1);"));
        assertTrue(e.getMessage().contains("the shape at .when cannot be function Date"), e.getMessage());
        assertEquals(2, e.line());
        BehaviourException noHandler = assertThrows(BehaviourException.class, () -> scripts.compile("on({}, 42);"));
        assertTrue(noHandler.getMessage().contains("the handler must be a function, not number 42"),
                noHandler.getMessage());
    }

    private static String reply(Behaviour b, String message) {
        HandlerRun run = scripts.contexts().run(b, "order", "{}", message, Host.refusing());
        return assertInstanceOf(HandlerRun.Done.class, run).replyJson();
    }
}
