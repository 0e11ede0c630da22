package pavel.server.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pavel.server.testing.Eventually;

/** What a handler sees and what comes out of it: state commit and rollback, replies, the API, compile errors. */
class HandlerSemanticsTest {
    private static final String COUNTER = """
            on({type: "inc"}, (msg, self) => { self.state.count = (self.state.count ?? 0) + (msg.by ?? 1); });
            on({type: "set", value: Number}, (msg, self) => { self.state.count = msg.value; });
            on({type: "ping"}, () => "pong");
            on({type: "boom"}, (msg, self) => { self.state.count = -1; throw new Error("boom at " + self.name); });
            """;

    private static ScriptEngine scripts;

    @BeforeAll
    static void start() {
        scripts = new ScriptEngine(ScriptConfig.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        scripts.close();
    }

    private static HandlerRun run(Behaviour b, String object, String state, String message, Host host) {
        return scripts.contexts().run(b, object, state, message, host);
    }

    private static HandlerRun.Done done(HandlerRun run) {
        return assertInstanceOf(HandlerRun.Done.class, run);
    }

    private static HandlerRun.Failed failed(HandlerRun run) {
        return assertInstanceOf(HandlerRun.Failed.class, run);
    }

    @Test
    void stateChangesAreCommittedWhenTheHandlerReturns() {
        Behaviour b = scripts.compile("counter.js", COUNTER);
        String state = "{}";
        for (int i = 0; i < 3; i++) {
            state = done(run(b, "counter", state, "{\"type\":\"inc\"}", Host.refusing())).newStateJson();
        }
        assertEquals("{\"count\":3}", state);
        HandlerRun.Done set = done(run(b, "counter", state, "{\"type\":\"set\",\"value\":10}", Host.refusing()));
        assertEquals("{\"count\":10}", set.newStateJson());
        assertNull(set.replyJson());
    }

    @Test
    void aHandlerThatThrowsChangesNothingAndTheObjectGoesOn() {
        Behaviour b = scripts.compile("counter.js", COUNTER);
        HandlerRun.Failed boom = failed(run(b, "c2", "{\"count\":5}", "{\"type\":\"boom\"}", Host.refusing()));
        assertEquals("Error: boom at c2", boom.message());
        assertTrue(boom.jsStack().startsWith("at <anonymous> (counter.js:4:") || boom.jsStack().contains("counter.js:4:"),
                boom.jsStack());
        // The caller keeps the old state; the next message runs on it.
        assertEquals("{\"count\":6}", done(run(b, "c2", "{\"count\":5}", "{\"type\":\"inc\"}", Host.refusing()))
                .newStateJson());
    }

    @Test
    void theReturnValueIsTheReply() {
        Behaviour b = scripts.compile("""
                on({r: "string"}, () => "pong");
                on({r: "object"}, (msg, self) => ({name: self.name, list: [1, "a", null]}));
                on({r: "null"}, () => null);
                on({r: "nothing"}, () => {});
                on({r: "function"}, () => () => 1);
                """);
        assertEquals("\"pong\"", done(run(b, "r", "{}", "{\"r\":\"string\"}", Host.refusing())).replyJson());
        assertEquals("{\"name\":\"r\",\"list\":[1,\"a\",null]}",
                done(run(b, "r", "{}", "{\"r\":\"object\"}", Host.refusing())).replyJson());
        assertEquals("null", done(run(b, "r", "{}", "{\"r\":\"null\"}", Host.refusing())).replyJson());
        assertNull(done(run(b, "r", "{}", "{\"r\":\"nothing\"}", Host.refusing())).replyJson());
        assertNull(done(run(b, "r", "{}", "{\"r\":\"function\"}", Host.refusing())).replyJson());
    }

    @Test
    void aMessageNoHandlerMatchesRunsNothing() {
        Behaviour b = scripts.compile("counter.js", COUNTER);
        assertEquals(HandlerRun.NO_MATCH, run(b, "c3", "{\"count\":1}", "{\"type\":\"dec\"}", Host.refusing()));
    }

    @Test
    void stateMayBeReplacedButMustStayJson() {
        Behaviour b = scripts.compile("""
                on({type: "reset"}, (msg, self) => { self.state = {fresh: true}; });
                on({type: "undefine"}, (msg, self) => { self.state = undefined; });
                on({type: "cycle"}, (msg, self) => { self.state.me = self.state; });
                on({type: "async"}, async (msg, self) => { self.state.x = 1; });
                """);
        assertEquals("{\"fresh\":true}", done(run(b, "s", "{\"old\":1}", "{\"type\":\"reset\"}", Host.refusing()))
                .newStateJson());
        assertEquals("TypeError: self.state must be JSON-serialisable, not undefined undefined",
                failed(run(b, "s", "{}", "{\"type\":\"undefine\"}", Host.refusing())).message());
        assertTrue(failed(run(b, "s", "{}", "{\"type\":\"cycle\"}", Host.refusing())).message()
                .startsWith("TypeError"));
        assertTrue(failed(run(b, "s", "{}", "{\"type\":\"async\"}", Host.refusing())).message()
                .contains("returned a Promise"));
    }

    @Test
    void selfIsFreshForEachMessageAndItsNameAndMethodsAreFixed() {
        Behaviour b = scripts.compile("""
                on({type: "rename"}, (msg, self) => { self.name = "other"; });
                on({type: "extend"}, (msg, self) => { self.extra = 1; });
                on({type: "look"}, (msg, self) => Object.keys(self).join(","));
                """);
        assertTrue(failed(run(b, "me", "{}", "{\"type\":\"rename\"}", Host.refusing())).message()
                .startsWith("TypeError"));
        assertTrue(failed(run(b, "me", "{}", "{\"type\":\"extend\"}", Host.refusing())).message()
                .startsWith("TypeError"));
        assertEquals("\"state,name\"", done(run(b, "me", "{}", "{\"type\":\"look\"}", Host.refusing())).replyJson());
    }

    @Test
    void handlersReachTheWorldOnlyThroughTheHost() {
        Behaviour b = scripts.compile("""
                on({type: "go"}, (msg, self) => {
                    self.send("other", {type: "hello", from: self.name});
                    self.after(250, {type: "tick"});
                    log("state is", self.state, 42, null, undefined);
                    const main = world.doc("main");
                    main.put("/p", "<p>hi</p>");
                    main.append("/p", "<b>!</b>");
                    const html = main.get("/p");
                    main.remove("/p");
                    let missing;
                    try { main.get("/nowhere"); } catch (e) { missing = e.message; }
                    return {html, missing, isError: true};
                });
                """);
        RecordingHost host = new RecordingHost();
        HandlerRun.Done d = done(run(b, "me", "{\"n\":1}", "{\"type\":\"go\"}", host));
        assertEquals(List.of("other {\"type\":\"hello\",\"from\":\"me\"}"), host.sent);
        assertEquals(List.of("250 {\"type\":\"tick\"}"), host.later);
        assertEquals(List.of("state is {\"n\":1} 42 null undefined"), host.lines);
        assertEquals(Map.of(), host.docs);
        assertEquals("{\"html\":\"<p>hi</p><b>!</b>\",\"missing\":\"No node at '/nowhere' in space 'main'.\","
                + "\"isError\":true}", d.replyJson());
    }

    @Test
    void aHostErrorThatIsNotCaughtFailsTheMessageWithItsMessage() {
        Behaviour b = scripts.compile("on({type: 'rm'}, () => { world.doc('main').remove('/gone'); });");
        HandlerRun.Failed f = failed(run(b, "rm", "{}", "{\"type\":\"rm\"}", new RecordingHost()));
        assertEquals("Error: No node at '/gone' in space 'main'.", f.message());
    }

    @Test
    void apiArgumentsAreChecked() {
        Behaviour b = scripts.compile("""
                on({type: "send"}, (msg, self) => self.send(42, {}));
                on({type: "after"}, (msg, self) => self.after(-1, {}));
                on({type: "json"}, (msg, self) => self.send("x", undefined));
                on({type: "doc"}, () => world.doc("main").put("/p"));
                """);
        RecordingHost host = new RecordingHost();
        assertEquals("TypeError: self.send(name, message): the name must be a string, not number 42",
                failed(run(b, "a", "{}", "{\"type\":\"send\"}", host)).message());
        assertEquals("TypeError: self.after(ms, message): ms must be a number of milliseconds, 0 or more, not number -1",
                failed(run(b, "a", "{}", "{\"type\":\"after\"}", host)).message());
        assertEquals("TypeError: self.send(name, message): the message must be JSON-serialisable, not undefined "
                + "undefined", failed(run(b, "a", "{}", "{\"type\":\"json\"}", host)).message());
        assertEquals("TypeError: doc.put(path, html): the html must be a string, not undefined undefined",
                failed(run(b, "a", "{}", "{\"type\":\"doc\"}", host)).message());
        assertTrue(host.sent.isEmpty() && host.later.isEmpty() && host.docs.isEmpty());
    }

    @Test
    void theWorldIsOutOfReachAtTheTopLevelAndOnOnlyWorksThere() {
        BehaviourException topLevel = assertThrows(BehaviourException.class,
                () -> scripts.compile("log('hello');"));
        assertEquals("Error: log() can only be used inside a handler", topLevel.getMessage());
        Behaviour b = scripts.compile("on({type: 'late'}, () => on({}, () => 1));");
        assertEquals("Error: on(shape, handler) registers handlers only at the top level of a behaviour",
                failed(run(b, "late", "{}", "{\"type\":\"late\"}", Host.refusing())).message());
    }

    @Test
    void aSyntaxErrorGivesItsLineAndColumn() {
        BehaviourException e = assertThrows(BehaviourException.class, () -> scripts.compile("broken.js", """
                on({type: "ok"}, () => 1);
                on({type: "bad"}, () => { let x = ; });
                """));
        assertEquals(2, e.line());
        assertEquals(35, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains("Expected an operand but found ;"), e.getMessage());
    }

    @Test
    void aTopLevelThatThrowsGivesItsPosition() {
        BehaviourException e = assertThrows(BehaviourException.class, () -> scripts.compile("""
                on({type: "ok"}, () => 1);
                  undefinedFunction();
                """));
        assertEquals("ReferenceError: undefinedFunction is not defined", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(3, e.column());
    }

    @Test
    void aNewBehaviourGetsAFreshContextAndTheOldOneStopsAnswering() {
        Behaviour v1 = scripts.compile("let calls = 0; on({type: 'n'}, () => ++calls);");
        assertEquals("1", done(run(v1, "swap", "{}", "{\"type\":\"n\"}", Host.refusing())).replyJson());
        assertEquals("2", done(run(v1, "swap", "{}", "{\"type\":\"n\"}", Host.refusing())).replyJson());
        Behaviour v2 = scripts.compile("let calls = 100; on({type: 'n'}, () => ++calls);");
        assertEquals("101", done(run(v2, "swap", "{}", "{\"type\":\"n\"}", Host.refusing())).replyJson());
    }

    @Test
    void idleContextsAreEvictedAndRebuiltTransparently() {
        try (ScriptEngine quick = new ScriptEngine(
                ScriptConfig.newBuilder().contextIdleTimeout(Duration.ofMillis(100)).maxContexts(2).build())) {
            Behaviour b = quick.compile("let calls = 0; on({}, () => ++calls);");
            for (String name : List.of("a", "b", "c")) {
                quick.contexts().run(b, name, "{}", "{}", Host.refusing());
            }
            Eventually.await(Duration.ofSeconds(5), () -> quick.contexts().contextCount() == 0,
                    () -> "contexts left: " + quick.contexts().contextCount());
            HandlerRun again = quick.contexts().run(b, "a", "{}", "{}", Host.refusing());
            assertEquals("1", done(again).replyJson());
            quick.contexts().evict("a");
            assertEquals(0, quick.contexts().contextCount());
        }
    }

    @Test
    void messagesRunOnVirtualThreadsToo() throws InterruptedException {
        Behaviour b = scripts.compile("counter.js", COUNTER);
        AtomicReference<HandlerRun> result = new AtomicReference<>();
        Thread.ofVirtual().start(() -> result.set(run(b, "virtual", "{}", "{\"type\":\"inc\"}", Host.refusing())))
                .join();
        assertEquals("{\"count\":1}", done(result.get()).newStateJson());
    }
}
