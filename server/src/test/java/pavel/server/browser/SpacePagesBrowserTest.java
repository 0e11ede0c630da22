package pavel.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import pavel.model.Document;
import pavel.server.space.Space;
import pavel.server.testing.TestServer;

/**
 * Two real pages on {@code /}, each with its own session and replica of {@code main}: a change through REST shows up
 * in both; a page that lost a node answers the next op on it with {@code 404}, is resynced, and both pages end
 * identical to the server.
 */
class SpacePagesBrowserTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @BeforeEach
    void needsChromium() {
        assumeTrue(Chromium.installed() || System.getenv("CI") != null, "Chromium and chromedriver are not installed");
    }

    @Test
    void restChangesShowInEveryPageAndAPageOutOfStepIsResynced() throws Exception {
        try (TestServer server = TestServer.startWorld();
                Chromium first = Chromium.start();
                Chromium second = Chromium.start()) {
            Space main = server.spaces().require("main");
            List<Chromium> pages = List.of(first, second);
            for (Chromium page : pages) {
                page.driver().get("http://127.0.0.1:" + server.port() + "/");
            }
            for (Chromium page : pages) {
                awaitIdentical(page, main);
            }

            long sent = System.nanoTime();
            HttpResponse<String> posted = server.send("POST", "/doc/main/body", "<div id=\"a\">hi</div>");
            assertEquals(201, posted.statusCode());
            for (Chromium page : pages) {
                page.await(DEADLINE, d -> text(d, "#space-main > div#a").equals("hi") ? true : null);
            }
            long shownMillis = (System.nanoTime() - sent) / 1_000_000;
            assertTrue(shownMillis < 1000, "both pages showed the change " + shownMillis + " ms after the POST");

            assertEquals(200, server.send("PUT", "/doc/main//*%5B@id='a'%5D", "<div id=\"a\">bye</div>").statusCode());
            for (Chromium page : pages) {
                page.await(DEADLINE, d -> text(d, "#space-main > div#a").equals("bye") ? true : null);
                awaitIdentical(page, main);
            }

            // The second page loses the node (as if its replica had gone wrong); the next op on it cannot apply there.
            js(second.driver(), "document.querySelector('#space-main > div#a').remove(); return null;");
            assertEquals(200, server.send("PUT", "/doc/main/body/div/@title", "resync me").statusCode());
            long resyncs = server.spaces().metrics().resyncs();
            second.await(DEADLINE, d -> server.spaces().metrics().resyncs() > resyncs ? true : null);
            for (Chromium page : pages) {
                awaitIdentical(page, main);
                assertEquals("bye", text(page.driver(), "#space-main > div#a[title='resync me']"));
            }
        }
    }

    /** Waits until the page's replica of main has the server's version and hash, and shows the server's content. */
    private static void awaitIdentical(Chromium page, Space main) {
        page.await(DEADLINE, d -> {
            String state = (String) js(d, "const r = window.pavelReplicas;"
                    + " return r && r.holds('main') ? r.version('main') + ' ' + r.hashHex('main') : null;");
            String expected = main.read(doc -> doc.version() + " " + doc.hashHex());
            return expected.equals(state) ? true : null;
        });
        String shown = (String) js(page.driver(), "return document.getElementById('space-main').innerHTML;");
        Document fromPage = Document.parse(shown);
        boolean same = main.read(doc -> doc.contentEquals(fromPage));
        assertTrue(same, () -> "the page shows " + shown);
        assertEquals("version " + main.version(),
                page.driver().findElement(By.cssSelector("[data-space-version='main']")).getText());
    }

    private static String text(WebDriver driver, String selector) {
        List<org.openqa.selenium.WebElement> found = driver.findElements(By.cssSelector(selector));
        return found.isEmpty() ? "" : found.getFirst().getText();
    }

    private static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
