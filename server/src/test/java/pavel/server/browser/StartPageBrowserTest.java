package pavel.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import pavel.server.testing.TestServer;

/** The start page in a real Chromium, served by a real server. */
class StartPageBrowserTest {

    @Test
    void theStartPageShowsTheServerIsRunning() {
        assumeTrue(Chromium.installed() || System.getenv("CI") != null, "Chromium and chromedriver are not installed");
        try (TestServer server = TestServer.start(); Chromium chromium = Chromium.start()) {
            chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
            String status = chromium.await(Duration.ofSeconds(10), d -> {
                String state = d.findElement(By.id("status")).getAttribute("data-state");
                return "checking".equals(state) ? null : state;
            });
            assertEquals("up", status);
            assertEquals(pavel.server.Version.current().value(), chromium.driver().findElement(By.id("version")).getText());
        }
    }
}
