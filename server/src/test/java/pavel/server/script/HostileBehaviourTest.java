package pavel.server.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile behaviours, each in its own test: each fails its one message with a clear sentence, and afterwards the
 * same object and another object still run messages.
 */
class HostileBehaviourTest {
    private static final String WELL = """
            on({type: "ok"}, (msg, self) => {
                self.state.n = (self.state.n ?? 0) + 1;
                return [typeof Object.prototype.polluted, Object.keys({}).length, self.name];
            });
            """;

    /**
     * A roomy time budget, so that a machine busy with other work does not stop these handlers before the guard
     * under test does, and a statement limit low enough to be reached quickly.
     */
    private static ScriptEngine scripts;
    /** Statements uncounted and a short time budget, for the tests of the watchdog's interrupt. */
    private static ScriptEngine timed;
    /** The defaults, as the server runs. */
    private static ScriptEngine defaults;

    @BeforeAll
    static void start() {
        scripts = new ScriptEngine(ScriptConfig.newBuilder().timeBudget(Duration.ofSeconds(10))
                .statementLimit(1_000_000).build());
        timed = new ScriptEngine(ScriptConfig.newBuilder().statementLimit(0).timeBudget(Duration.ofMillis(300))
                .build());
        defaults = new ScriptEngine(ScriptConfig.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        scripts.close();
        timed.close();
        defaults.close();
    }

    /** Runs {@code handler} as the body of a handler of object "victim" and answers the failure. */
    private static HandlerRun.Failed hostile(ScriptEngine engine, String handler) {
        return hostile(engine, handler, Host.refusing());
    }

    private static HandlerRun.Failed hostile(ScriptEngine engine, String handler, Host host) {
        Behaviour b = engine.compile("hostile.js", WELL + "on({type: \"attack\"}, (msg, self) => {\n" + handler
                + "\n});\n");
        HandlerRun run = engine.contexts().run(b, "victim", "{\"n\":0}", "{\"type\":\"attack\"}", host);
        HandlerRun.Failed failed = assertInstanceOf(HandlerRun.Failed.class, run);
        stillWorks(engine, b, "victim");
        stillWorks(engine, b, "bystander");
        return failed;
    }

    private static void stillWorks(ScriptEngine engine, Behaviour b, String object) {
        HandlerRun run = engine.contexts().run(b, object, "{\"n\":0}", "{\"type\":\"ok\"}", Host.refusing());
        HandlerRun.Done done = assertInstanceOf(HandlerRun.Done.class, run, () -> object + ": " + run);
        assertEquals("{\"n\":1}", done.newStateJson());
        assertEquals("[\"undefined\",0,\"" + object + "\"]", done.replyJson());
    }

    @Test
    void anEndlessLoopIsStoppedByTheStatementLimit() {
        HandlerRun.Failed f = hostile(scripts, "while (true) {}");
        assertEquals("The handler reached the statement limit of 1000000 statements.", f.message());
    }

    @Test
    void anEndlessLoopIsInterruptedWhenItsTimeIsSpent() {
        long start = System.nanoTime();
        HandlerRun.Failed f = hostile(timed, "while (true) {}");
        assertEquals("The handler ran longer than its 300 ms budget.", f.message());
        assertTrue(f.jsStack().startsWith("at <anonymous> (hostile.js:"), f.jsStack());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void aBacktrackingRegexIgnoresTheStatementLimitButNotTheInterrupt() {
        HandlerRun.Failed f = hostile(timed, "return /^(a+)+\\1$/.test('a'.repeat(40) + 'b');");
        assertEquals("The handler ran longer than its 300 ms budget.", f.message());
    }

    @Test
    void anEndlessTopLevelIsRefusedWhenCompiled() {
        BehaviourException e = org.junit.jupiter.api.Assertions.assertThrows(BehaviourException.class,
                () -> timed.compile("top.js", "on({}, () => 1);\nfor (;;) {}"));
        assertEquals("The behaviour's top level ran longer than its 300 ms budget.", e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void deepRecursionFailsWithARangeError() {
        HandlerRun.Failed f = hostile(scripts, "const down = n => down(n + 1) + 1; return down(0);");
        assertEquals("RangeError: Maximum call stack size exceeded", f.message());
    }

    @Test
    void aGigabyteArrayIsRefused() {
        // GraalJS fills such an array slowly, element by element: the time budget or the allocation budget ends it.
        HandlerRun.Failed f = hostile(defaults, "return new Array(1e9).fill(0).length;");
        assertTrue(f.message().equals("The handler allocated more than its 64 MiB budget.")
                || f.message().equals("The handler ran longer than its 1000 ms budget."), f.message());
    }

    @Test
    void doublingAStringIsRefused() {
        HandlerRun.Failed f = hostile(scripts, "let s = 'x'; for (;;) { s += s; s.charCodeAt(s.length - 1); }");
        assertTrue(f.message().startsWith("RangeError: Invalid string length")
                || f.message().contains("allocated more than its 64 MiB budget"), f.message());
    }

    @Test
    void manySmallAllocationsAreStoppedByTheAllocationBudget() {
        HandlerRun.Failed f = hostile(scripts, "const keep = []; for (;;) keep.push(new Array(1000).fill(keep.length));");
        assertEquals("The handler allocated more than its 64 MiB budget.", f.message());
    }

    @Test
    void javaTypeIsNotThere() {
        assertEquals("ReferenceError: Java is not defined",
                hostile(scripts, "return Java.type('java.lang.System').exit(1);").message());
    }

    @Test
    void polyglotEvalIsNotThere() {
        assertEquals("ReferenceError: Polyglot is not defined",
                hostile(scripts, "return Polyglot.eval('js', '1');").message());
    }

    @Test
    void loadIsNotThere() {
        assertEquals("ReferenceError: load is not defined", hostile(scripts, "load('/etc/passwd');").message());
    }

    @Test
    void requireIsNotThere() {
        assertEquals("ReferenceError: require is not defined", hostile(scripts, "require('fs');").message());
    }

    @Test
    void processIsNotThere() {
        assertEquals("ReferenceError: process is not defined", hostile(scripts, "process.exit(1);").message());
    }

    @Test
    void packagesIsNotThere() {
        assertEquals("ReferenceError: Packages is not defined",
                hostile(scripts, "return Packages.java.lang.System;").message());
    }

    @Test
    void evalAndTheFunctionConstructorReachNothingMore() {
        assertEquals("ReferenceError: Java is not defined",
                hostile(scripts, "return eval('Java.type(\"java.io.File\")');").message());
        assertEquals("ReferenceError: java is not defined", hostile(scripts, "return java.lang.System;").message());
        assertEquals("ReferenceError: Graal is not defined",
                hostile(scripts, "return Function('return Graal.versionGraalVM')();").message());
        assertEquals("ReferenceError: console is not defined", hostile(scripts, "console.log(1);").message());
        assertEquals("ReferenceError: Atomics is not defined",
                hostile(scripts, "Atomics.wait(new Int32Array(4), 0, 0);").message());
    }

    @Test
    void prototypePollutionIsRefusedAndLeaksNowhere() {
        HandlerRun.Failed f = hostile(scripts, "Object.prototype.polluted = 1;");
        assertEquals("TypeError: Cannot add new property \"polluted\" to non-extensible [object Object]", f.message());
        // stillWorks checked that neither this object nor another one sees the property.
    }

    @Test
    void theApiObjectsAreFrozen() {
        for (String attack : new String[] {
            "world.doc = () => 'mine';", "log.captured = true;", "globalThis.on = () => 0;", "any.x = 1;",
            "JSON.parse = () => ({});", "Array.prototype.push = () => 0;", "globalThis.JSON = {};",
            "self.send.x = 1;", "Object.defineProperty(Object.prototype, 'polluted', {value: 1});",
            "Object.setPrototypeOf(Object.prototype, {polluted: 1});", "delete globalThis.world;",
        }) {
            Behaviour b = scripts.compile("hostile.js", WELL + "on({type: 'attack'}, (msg, self) => {" + attack + "});");
            HandlerRun run = scripts.contexts().run(b, "victim", "{}", "{\"type\":\"attack\"}", Host.refusing());
            HandlerRun.Failed f = assertInstanceOf(HandlerRun.Failed.class, run, () -> attack + " -> " + run);
            assertTrue(f.message().startsWith("TypeError"), attack + " -> " + f.message());
            stillWorks(scripts, b, "victim");
        }
    }

    @Test
    void aLogFloodIsCutOff() {
        RecordingHost host = new RecordingHost();
        HandlerRun.Failed f = hostile(scripts, "for (;;) log('x'.repeat(1e4));", host);
        assertEquals("Error: log() wrote more than 100 lines in one message.", f.message());
        assertEquals(100, host.lines.size());
        assertTrue(host.lines.getFirst().startsWith("xxxx"));
        assertTrue(host.lines.getFirst().length() < 4200, "line of " + host.lines.getFirst().length());
        assertTrue(host.lines.getFirst().endsWith("(cut at 4096 characters)"));
    }

    @Test
    void aSpinningHandlerDoesNotSlowOtherObjects() throws Exception {
        Behaviour spin = defaults.compile("on({type: 'spin'}, () => { for (;;) {} }); on({type: 'ok'}, () => 1);");
        for (int i = 0; i < 3; i++) {
            defaults.contexts().run(spin, "other" + i, "{}", "{\"type\":\"ok\"}", Host.refusing());
        }
        ExecutorService threads = Executors.newFixedThreadPool(3, Thread.ofPlatform().daemon().factory());
        try {
            Future<HandlerRun> spinning = threads.submit(
                    () -> defaults.contexts().run(spin, "spinner", "{}", "{\"type\":\"spin\"}", Host.refusing()));
            Future<HandlerRun> spinning2 = threads.submit(
                    () -> defaults.contexts().run(spin, "spinner2", "{}", "{\"type\":\"spin\"}", Host.refusing()));
            CompletableFuture<Long> slowest = CompletableFuture.supplyAsync(() -> {
                long worst = 0;
                for (int i = 0; i < 20; i++) {
                    long t = System.nanoTime();
                    HandlerRun run = defaults.contexts().run(spin, "other" + (i % 3), "{}", "{\"type\":\"ok\"}",
                            Host.refusing());
                    assertInstanceOf(HandlerRun.Done.class, run, run::toString);
                    worst = Math.max(worst, System.nanoTime() - t);
                }
                return worst;
            }, threads);
            assertTrue(Duration.ofNanos(slowest.get()).toMillis() < 500, "slowest " + slowest.get() / 1e6 + " ms");
            assertInstanceOf(HandlerRun.Failed.class, spinning.get());
            assertInstanceOf(HandlerRun.Failed.class, spinning2.get());
        } finally {
            threads.shutdownNow();
        }
    }
}
