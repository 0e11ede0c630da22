package pavel.server.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's REPL in memory: what it keeps, how it shows values, how it fails, and what its world reaches. */
class ConsoleReplTest {
    /** A roomy time budget and the default statement limit, so that a busy machine does not stop simple inputs. */
    private static ScriptEngine scripts;
    /** Statements uncounted and a short time budget: only the watchdog's interrupt stops a loop. */
    private static ScriptEngine timed;
    /** A low statement limit, which cancels the context. */
    private static ScriptEngine counted;

    @BeforeAll
    static void start() {
        scripts = new ScriptEngine(ScriptConfig.newBuilder().timeBudget(Duration.ofSeconds(10)).build());
        timed = new ScriptEngine(ScriptConfig.newBuilder().statementLimit(0).timeBudget(Duration.ofMillis(300))
                .build());
        counted = new ScriptEngine(ScriptConfig.newBuilder().timeBudget(Duration.ofSeconds(10))
                .statementLimit(100_000).build());
    }

    @AfterAll
    static void stop() {
        scripts.close();
        timed.close();
        counted.close();
    }

    private static Evaluation.Done done(Repl repl, String input) {
        Evaluation outcome = repl.eval(input);
        return assertInstanceOf(Evaluation.Done.class, outcome, () -> input + " -> " + outcome);
    }

    private static Evaluation.Failed failed(Repl repl, String input) {
        Evaluation outcome = repl.eval(input);
        return assertInstanceOf(Evaluation.Failed.class, outcome, () -> input + " -> " + outcome);
    }

    @Test
    void declarationsStayFromOneInputToTheNext() {
        try (Repl repl = scripts.openRepl(new FakeWorld())) {
            assertEquals("undefined", done(repl, "let x = 2").result());
            assertEquals("42", done(repl, "x * 21").result());
            done(repl, "function twice(n) { return 2 * n; }");
            done(repl, "var v = 5");
            assertEquals("10", done(repl, "twice(v)").result());
        }
    }

    @Test
    void valuesAreShownTheWayNodeShowsThem() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("'abc'", "'abc'");
        shown.put("\"it's\"", "\"it's\"");
        shown.put("'a\\nb'", "'a\\nb'");
        shown.put("'say \"hi\"'", "'say \"hi\"'");
        shown.put("undefined", "undefined");
        shown.put("null", "null");
        shown.put("1.5", "1.5");
        shown.put("-0", "-0");
        shown.put("NaN", "NaN");
        shown.put("10n ** 20n", "100000000000000000000n");
        shown.put("true", "true");
        shown.put("({a: 1, b: [1, 'x']})", "{\"a\":1,\"b\":[1,\"x\"]}");
        shown.put("[1, 2]", "[1,2]");
        shown.put("function f() {}; f", "[Function: f]");
        shown.put("(() => 1)", "[Function: (anonymous)]");
        shown.put("Symbol('s')", "Symbol(s)");
        shown.put("new TypeError('boom')", "TypeError: boom");
        shown.put("new Map([[1, 2]])", "{}");
        shown.put("const o = {}; o.self = o; o", "[object Object]");
        try (Repl repl = scripts.openRepl(new FakeWorld())) {
            shown.forEach((input, expected) -> assertEquals(expected, done(repl, input).result(), input));
            assertEquals("{\n  \"long\": \"" + "x".repeat(80) + "\"\n}",
                    done(repl, "({long: 'x'.repeat(80)})").result(), "long objects are indented");
            String cut = done(repl, "'y'.repeat(100000)").result();
            assertTrue(cut.endsWith("… (cut at 65536 characters)"), cut.substring(cut.length() - 40));
        }
    }

    @Test
    void aSyntaxErrorSaysWhereAndTheReplGoesOn() {
        try (Repl repl = scripts.openRepl(new FakeWorld())) {
            done(repl, "let kept = 'yes'");
            Evaluation.Failed f = failed(repl, "1 +\nx = = 2");
            assertEquals(Evaluation.Failure.SYNTAX_ERROR, f.failure());
            assertEquals("SyntaxError: Expected an operand but found =", f.message());
            assertEquals(2, f.line());
            assertEquals(5, f.column());
            assertEquals("Uncaught SyntaxError: Expected an operand but found = (line 2, column 5)", f.text());
            assertEquals("'yes'", done(repl, "kept").result());
        }
    }

    @Test
    void anUnfinishedInputIsIncompleteUntilItsLastLine() {
        try (Repl repl = scripts.openRepl(new FakeWorld())) {
            Evaluation.Incomplete more = assertInstanceOf(Evaluation.Incomplete.class, repl.eval("function f() {"));
            assertEquals(1, more.line());
            assertEquals("[Function: f]", done(repl, "function f() {\n  return 7;\n}\nf").result());
        }
    }

    @Test
    void aThrownErrorHasItsMessagePositionAndStack() {
        try (Repl repl = scripts.openRepl(new FakeWorld())) {
            done(repl, "function boom() { return null.x; }");
            Evaluation.Failed f = failed(repl, "log('before');\nboom()");
            assertEquals(Evaluation.Failure.THROWN, f.failure());
            assertTrue(f.message().startsWith("TypeError: "), f.message());
            assertEquals(2, f.line());
            assertTrue(f.stack().contains("at boom (repl1:1:"), f.stack());
            assertEquals(List.of("before"), f.logs());
            assertTrue(f.text().startsWith("Uncaught TypeError: "), f.text());
            assertEquals("Uncaught 5", failed(repl, "throw 5").text().replaceAll(" \\(line.*", ""));
        }
    }

    @Test
    void anEndlessLoopIsStoppedByTheTimeBudgetAndDeclarationsSurvive() {
        try (Repl repl = timed.openRepl(new FakeWorld())) {
            done(repl, "let kept = 41");
            Evaluation.Failed f = failed(repl, "while (true) {}");
            assertEquals(Evaluation.Failure.STOPPED, f.failure());
            assertEquals("The input ran longer than its 300 ms budget.", f.message());
            assertTrue(f.text().startsWith("The input ran longer than its 300 ms budget."), f.text());
            assertEquals("42", done(repl, "kept + 1").result());
        }
    }

    @Test
    void theStatementLimitCostsTheDeclarationsAndSaysSo() {
        try (Repl repl = counted.openRepl(new FakeWorld())) {
            done(repl, "let gone = 1");
            Evaluation.Failed f = failed(repl, "for (;;) {}");
            assertEquals(Evaluation.Failure.STOPPED, f.failure());
            assertEquals("The input reached the statement limit of 100000 statements. The console started afresh: "
                    + "earlier declarations are gone.", f.message());
            assertEquals("'undefined'", done(repl, "typeof gone").result());
            assertEquals("3", done(repl, "1 + 2").result());
        }
    }

    @Test
    void theSandboxIsTheHandlers() {
        try (Repl repl = scripts.openRepl(new FakeWorld())) {
            for (String name : List.of("Java", "Packages", "Polyglot", "load", "print", "console", "on", "any")) {
                assertEquals("'undefined'", done(repl, "typeof " + name).result(), name);
            }
            assertTrue(failed(repl, "Java.type('java.lang.System')").message().startsWith("ReferenceError: "));
            assertEquals("true", done(repl, "Object.isFrozen(world) && Object.isFrozen(world.doc('main'))").result());
            assertTrue(failed(repl, "world.objects = null").message().startsWith("TypeError: "));
            assertTrue(failed(repl, "Object.prototype.polluted = 1").message().startsWith("TypeError: "));
            assertTrue(failed(repl, "undeclared = 1").message().startsWith("ReferenceError: "), "strict mode");
        }
    }

    @Test
    void worldReachesTheHost() {
        FakeWorld world = new FakeWorld();
        world.objects.put("counter", "{\"name\":\"counter\",\"state\":{\"count\":3}}");
        try (Repl repl = scripts.openRepl(world)) {
            assertEquals("[\"counter\"]", done(repl, "world.objects()").result());
            assertEquals("3", done(repl, "world.object('counter').state.count").result());
            assertEquals("true", done(repl, "world.put('fresh', {n: 1})").result());
            assertEquals("undefined", done(repl, "world.send('counter', {type: 'inc'})").result());
            assertEquals(List.of("fresh {\"n\":1}"), world.puts);
            assertEquals(List.of("counter {\"type\":\"inc\"}"), world.sent);
            assertEquals("Error: There is no object nope.", failed(repl, "world.object('nope')").message());
            assertTrue(failed(repl, "world.send(1, {})").message().startsWith("TypeError: world.send(name, message)"));
            Evaluation.Done logged = done(repl, "log('a', {b: 1}); log('c'); 'd'");
            assertEquals(List.of("a {\"b\":1}", "c"), logged.logs());
            assertEquals(List.of(), world.lines, "log lines come back with the evaluation, not through the host");
        }
    }

    @Test
    void aHandlersWorldHasNoConsoleOperations() {
        Behaviour b = scripts.compile("""
                on({type: "t"}, () => [typeof world.objects, typeof world.object, typeof world.send]);
                """);
        HandlerRun run = scripts.contexts().run(b, "h", "{}", "{\"type\":\"t\"}", new FakeWorld());
        assertEquals("[\"undefined\",\"undefined\",\"undefined\"]",
                assertInstanceOf(HandlerRun.Done.class, run).replyJson());
    }

    /** Objects in a map; documents refused. */
    private static final class FakeWorld implements ConsoleHost {
        final Map<String, String> objects = new TreeMap<>();
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> puts = new ArrayList<>();
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public List<String> objectNames() {
            return List.copyOf(objects.keySet());
        }

        @Override
        public String objectJson(String name) {
            String json = objects.get(name);
            if (json == null) {
                throw new NoSuchElementException("There is no object " + name + ".");
            }
            return json;
        }

        @Override
        public boolean putObject(String name, String stateJson) {
            puts.add(name + " " + stateJson);
            return objects.put(name, "{\"name\":\"" + name + "\",\"state\":" + stateJson + "}") == null;
        }

        @Override
        public void send(String object, String messageJson) {
            sent.add(object + " " + messageJson);
        }

        @Override
        public void after(long millis, String messageJson) {
            throw new UnsupportedOperationException("after");
        }

        @Override
        public void log(String line) {
            lines.add(line);
        }

        @Override
        public String docGet(String space, String path) {
            throw new UnsupportedOperationException("docGet");
        }

        @Override
        public void docPut(String space, String path, String html) {
            throw new UnsupportedOperationException("docPut");
        }

        @Override
        public void docAppend(String space, String path, String html) {
            throw new UnsupportedOperationException("docAppend");
        }

        @Override
        public void docRemove(String space, String path) {
            throw new UnsupportedOperationException("docRemove");
        }
    }
}
