package pavel.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pavel.server.testing.TestServer;

/** Replays the inputs in {@code src/test/resources/pavel/server/fuzz/} that once broke the server. */
class FuzzRegressionTest {

    @AutoClose
    static final TestServer server = TestServer.start(
            PavelRoutes.create(Version.current(), new ObjectMapper()),
            config -> config.idleTimeout(Duration.ofSeconds(2)));

    static Stream<Path> inputs() throws Exception {
        Path folder = Path.of(FuzzRegressionTest.class.getResource("fuzz").toURI());
        return Files.list(folder).filter(file -> file.toString().endsWith(".http")).sorted();
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void inputIsAnsweredOrClosedWithoutA500(Path input) throws IOException {
        HttpFuzzTest.check(server, input.getFileName().toString(), Files.readAllBytes(input));
    }
}
