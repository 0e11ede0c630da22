package pavel.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import pavel.ptth.Header;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.session.Flavour;
import pavel.server.session.Session;
import pavel.server.testing.TestServer;

/**
 * The real server sends reverse requests to a real page in Chromium (the long-poll flavour of {@code ptth.js})
 * and gets the page's answers.
 */
class PtthBrowserTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @BeforeEach
    void needsChromium() {
        assumeTrue(Chromium.installed() || System.getenv("CI") != null, "Chromium and chromedriver are not installed");
    }

    @Test
    void thePageAnswersReverseRequestsInOrder() throws Exception {
        try (TestServer server = TestServer.startWithPtth(ptth -> ptth); Chromium chromium = Chromium.start()) {
            chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
            Session session = awaitLongPollSession(server, chromium);

            List<CompletableFuture<ReverseResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(session.send(ReverseRequest.of("POST", "/console",
                        List.of(new Header("Content-Type", "text/plain; charset=utf-8")), "line " + i + " <b>é</b>")));
            }
            answers.add(session.send(ReverseRequest.of("OPTIONS", "*", List.of(), "")));
            answers.add(session.send(ReverseRequest.of("GET", "/no/such/thing", List.of(), "")));
            answers.add(session.send(ReverseRequest.of("DELETE", "/console", List.of(), "")));

            for (int i = 0; i < 20; i++) {
                assertEquals(204, answers.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS).status());
            }
            assertEquals(204, answers.get(20).get(DEADLINE.toSeconds(), TimeUnit.SECONDS).status(), "OPTIONS * heartbeat");
            assertEquals(404, answers.get(21).get(DEADLINE.toSeconds(), TimeUnit.SECONDS).status());
            ReverseResponse notAllowed = answers.get(22).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(405, notAllowed.status());
            assertEquals("POST", notAllowed.header("Allow"));

            String console = chromium.await(DEADLINE, d -> {
                String text = d.findElement(By.id("console")).getText();
                return text.contains("line 19") ? text : null;
            });
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("line " + i + " <b>é</b>");
            }
            assertEquals(String.join("\n", expected), console, "console lines in order, shown as text");
            assertEquals(0, chromium.driver().findElements(By.cssSelector("#console b")).size(), "never as HTML");
            assertEquals("connected", chromium.driver().findElement(By.id("connection")).getAttribute("data-state"));
        }
    }

    @Test
    void aReloadedPageResumesItsSession() throws Exception {
        try (TestServer server = TestServer.startWithPtth(ptth -> ptth); Chromium chromium = Chromium.start()) {
            chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
            Session before = awaitLongPollSession(server, chromium);
            chromium.driver().navigate().refresh();
            chromium.await(DEADLINE, d -> "connected".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
            assertEquals(before.id(), chromium.driver().findElement(By.id("session")).getText());
            ReverseResponse answer = before.send(ReverseRequest.of("POST", "/console", List.of(), "after reload"))
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(204, answer.status());
            chromium.await(DEADLINE, d -> d.findElement(By.id("console")).getText().contains("after reload"));
        }
    }

    @Test
    void twoTabsHaveTwoSessions() {
        try (TestServer server = TestServer.startWithPtth(ptth -> ptth); Chromium chromium = Chromium.start()) {
            chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
            String first = awaitLongPollSession(server, chromium).id();
            chromium.openTab("http://127.0.0.1:" + server.port() + "/");
            String second = awaitLongPollSession(server, chromium).id();
            assertNotEquals(first, second);
        }
    }

    /** Waits until the current tab is connected and returns its session on the server. */
    private static Session awaitLongPollSession(TestServer server, Chromium chromium) {
        String id = chromium.await(DEADLINE, d -> {
            Object state = ((JavascriptExecutor) d).executeScript(
                    "return window.pavelSession && window.pavelSession.state.status === 'connected'"
                            + " ? window.pavelSession.state.session : null");
            return state instanceof String s ? s : null;
        });
        Session session = server.sessions().find(id);
        assertEquals(Flavour.LONG_POLL, session == null ? null : session.flavour());
        return session;
    }
}
