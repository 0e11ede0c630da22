package pavel.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import pavel.server.testing.TestServer;

/**
 * The counter of the objects issue, end to end: made with REST (state, behaviour, view, a mount in {@code main}),
 * counted up by messages, shown live in an open page, and counted up again by clicking its own button there.
 */
class ObjectPageBrowserTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @BeforeEach
    void needsChromium() {
        assumeTrue(Chromium.installed() || System.getenv("CI") != null, "Chromium and chromedriver are not installed");
    }

    @Test
    void aCounterCountsInThePageAndByItsOwnButton() throws Exception {
        try (TestServer server = TestServer.startWorld(); Chromium chromium = Chromium.start()) {
            chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
            assertEquals(201, server.send("PUT", "/objects/counter", "{\"count\":0}").statusCode());
            assertEquals(200, server.send("PUT", "/objects/counter/behavior",
                    "on({type: 'inc'}, (msg, self) => { self.state.count = (self.state.count ?? 0) + 1;"
                            + " log('count is', self.state.count); });").statusCode());
            assertEquals(204, server.send("PUT", "/objects/counter/view",
                    "<span class=\"count\">{{count}}</span> <button data-post=\"/objects/counter\""
                            + " data-message='{\"type\":\"inc\"}'>+1</button>").statusCode());
            assertEquals(201, server.send("POST", "/doc/main/body", "<div data-object=\"counter\"></div>").statusCode());
            for (int i = 0; i < 3; i++) {
                assertEquals(202, server.send("POST", "/objects/counter", "{\"type\":\"inc\"}").statusCode());
            }
            chromium.await(DEADLINE, d -> "3".equals(count(d)) ? true : null);
            chromium.await(DEADLINE, d -> consoleText(d).contains("[counter] count is 3") ? true : null);
            assertEquals("<span class=\"count\">3</span> <button data-post=\"/objects/counter\""
                    + " data-message=\"{&quot;type&quot;:&quot;inc&quot;}\">+1</button>", html(server));

            chromium.driver().findElement(By.cssSelector("#space-main [data-object='counter'] button")).click();
            chromium.await(DEADLINE, d -> "4".equals(count(d)) ? true : null);
            assertEquals("<span class=\"count\">4</span>", html(server).substring(0, html(server).indexOf(" <button")));
        }
    }

    /** Read in one script, since the view may replace the element between a lookup and a read. */
    private static String count(WebDriver driver) {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(
                "const c = document.querySelector(\"#space-main [data-object='counter'] .count\");"
                        + " return c ? c.textContent : '';"));
    }

    private static String consoleText(WebDriver driver) {
        return driver.findElement(By.id("console")).getText();
    }

    private static String html(TestServer server) throws Exception {
        HttpResponse<String> response = server.client().send(HttpRequest.newBuilder(server.uri("/objects/counter"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
