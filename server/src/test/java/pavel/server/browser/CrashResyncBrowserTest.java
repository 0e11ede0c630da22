package pavel.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import pavel.model.Document;
import pavel.server.testing.ServerProcess;

/**
 * Issue 6's acceptance: start the server, make changes, {@code kill -9} it, start it again on the same port and data
 * directory. Every change that got a {@code 2xx} is there, and a page that was open all along is back in sync by
 * itself, without a reload: it shows the old changes and a new one, and its replica has the server's version and
 * hash.
 */
class CrashResyncBrowserTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    /** The page backs off with jitter while the server is down (up to 30 s a try), so its way back may take a while. */
    private static final Duration RESYNC_DEADLINE = Duration.ofSeconds(90);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final int CHANGES = 3;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT).build();

    @BeforeEach
    void needsChromium() {
        assumeTrue(Chromium.installed() || System.getenv("CI") != null, "Chromium and chromedriver are not installed");
    }

    @AfterEach
    void closeClient() {
        http.close();
    }

    @Test
    void anOpenPageIsBackInSyncAfterKillNineAndRestartWithoutReloading() throws Exception {
        Path data = temp.resolve("data");
        int port = freePort();
        try (Chromium page = Chromium.start()) {
            try (ServerProcess first = ServerProcess.start(data, port)) {
                page.driver().get(first.url("/"));
                awaitInSync(page, port, DEADLINE, "the page before any change");
                for (int i = 0; i < CHANGES; i++) {
                    HttpResponse<String> posted = send(port, "POST", "/doc/main/body",
                            "<p id=\"before-" + i + "\">before " + i + "</p>");
                    assertEquals(201, posted.statusCode(), posted::body);
                }
                awaitInSync(page, port, DEADLINE, "the page after the changes");
                assertTrue(shows(page.driver(), "before-" + (CHANGES - 1)), "the page shows the last change");
                // Gone after a reload: while it is still there, the page is the one that was open before the crash.
                js(page.driver(), "window.__noReload = true; return null;");
                first.kill();
            }

            try (ServerProcess second = ServerProcess.start(data, port)) {
                String kept = send(port, "GET", "/doc/main/", null).body();
                for (int i = 0; i < CHANGES; i++) {
                    assertTrue(kept.contains("<p id=\"before-" + i + "\">before " + i + "</p>"),
                            "acknowledged change " + i + " is in main after kill -9: " + kept);
                }
                HttpResponse<String> after = send(port, "POST", "/doc/main/body", "<p id=\"after\">after</p>");
                assertEquals(201, after.statusCode(), after::body);

                awaitInSync(page, port, RESYNC_DEADLINE, "the page that was open across kill -9 and restart;"
                        + " server output:\n" + second.outputText());
                for (String id : IntStream.range(0, CHANGES).mapToObj(i -> "before-" + i).toList()) {
                    assertTrue(shows(page.driver(), id), () -> "the page lost " + id + " across the restart");
                }
                assertTrue(shows(page.driver(), "after"), "the page shows the change made after the restart");
                assertEquals(Boolean.TRUE, js(page.driver(), "return window.__noReload === true;"),
                        "the page was reloaded to get back in sync");
            }
        }
    }

    /**
     * Waits until the page's replica of main has the server's version and hash (the hash the shared model computes
     * from the server's document), and the page shows the server's content.
     */
    private void awaitInSync(Chromium page, int port, Duration deadline, String what) {
        String[] last = {"(nothing yet)", "(nothing yet)"};
        try {
            page.await(deadline, d -> {
                HttpResponse<String> main = send(port, "GET", "/doc/main/", null);
                Document server = Document.parse(main.body());
                String expected = main.headers().firstValue("Pavel-Version").orElse("?") + " " + server.hashHex();
                String replica = (String) js(d, "const r = window.pavelReplicas;"
                        + " return r && r.holds('main') ? r.version('main') + ' ' + r.hashHex('main') : null;");
                String shown = (String) js(d, "const s = document.getElementById('space-main');"
                        + " return s ? s.innerHTML : null;");
                last[0] = "server " + expected + ", replica " + replica;
                last[1] = "page " + shown + "\nserver " + main.body();
                return expected.equals(replica) && shown != null && server.contentEquals(Document.parse(shown))
                        ? true : null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": not in sync within " + deadline + ": " + last[0] + "\n" + last[1]
                    + "\npage status: " + js(page.driver(), "return JSON.stringify(window.pavelSession?.state);"), e);
        }
    }

    private static boolean shows(WebDriver driver, String id) {
        return Boolean.TRUE.equals(js(driver, "return document.querySelector('#space-main p#" + id + "') !== null;"));
    }

    private HttpResponse<String> send(int port, String method, String path, @Nullable String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }

    /** A port free now, for a server that must come back on the same one. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static @Nullable Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
