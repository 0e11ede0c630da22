package pavel.server.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Behaviours must run on an optimizing Truffle runtime: the tests run with the Graal compiler on the upgrade module
 * path (surefire's argLine, as {@code ./pavel serve} does), and this fails when Truffle fell back to its
 * interpreter.
 */
class TruffleRuntimeTest {

    @Test
    void engineRunsOnTheGraalCompilerNotTheFallbackRuntime() {
        try (ScriptEngine scripts = new ScriptEngine(ScriptConfig.DEFAULTS)) {
            assertNotEquals(ScriptEngine.FALLBACK_RUNTIME, scripts.runtimeName(),
                    "Truffle fell back to its interpreter: the JVM needs -XX:+UnlockExperimentalVMOptions "
                            + "-XX:+EnableJVMCI --upgrade-module-path=server/target/lib/upgrade");
            assertTrue(scripts.compiles(), scripts.runtimeName());
        }
    }

    @Test
    void compilationCanBeTurnedOffForComparisons() {
        try (ScriptEngine scripts = new ScriptEngine(ScriptConfig.newBuilder().runtimeCompilation(false).build())) {
            assertEquals(false, scripts.compiles());
            Behaviour b = scripts.compile("on({type: 'ping'}, () => 'pong');");
            HandlerRun run = scripts.contexts().run(b, "p", "{}", "{\"type\":\"ping\"}", Host.refusing());
            assertEquals("\"pong\"", assertInstanceOf(HandlerRun.Done.class, run).replyJson());
        }
    }
}
