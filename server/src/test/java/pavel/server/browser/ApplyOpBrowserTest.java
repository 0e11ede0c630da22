package pavel.server.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import pavel.model.Attribute;
import pavel.model.Document;
import pavel.model.DocumentException;
import pavel.model.Element;
import pavel.model.FragmentRefusedException;
import pavel.model.HtmlFragment;
import pavel.model.Node;
import pavel.model.Text;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.op.Placement;
import pavel.path.Match;
import pavel.path.NodePath;
import pavel.path.PathSyntaxException;
import pavel.ptth.Header;
import pavel.ptth.PtthJson;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.server.session.Session;
import pavel.server.testing.TestServer;

/**
 * The browser's replica ({@code apply-op.js}, {@code node-path.js}, {@code doc-hash.js}) in a real Chromium, against
 * the Java reference on seeded random inputs: the same documents give the same hash and canonical HTML, the same
 * paths select the same nodes, the same op records leave the same documents, and every answer has the status of
 * the contract. Reverse requests reach the page as the JSON request objects the server sends.
 *
 * <p>Seeds: {@code -Dpavel.test.seed=N} (each failure names the seed to rerun); sizes scale with
 * {@code -Dpavel.test.scale=K}. Many cases go to the page in each script call.
 */
class ApplyOpBrowserTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final long SEED = Long.getLong("pavel.test.seed", 20261123L);
    private static final int SCALE = Integer.getInteger("pavel.test.scale", 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Installs {@code window.harness}: its own replicas, in hidden containers, and helpers that run batches. */
    private static final String HARNESS = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const { SpaceReplicas } = await import("/apply-op.js");
              const { requestView } = await import("/ptth.js");
              const { NodePath } = await import("/node-path.js");
              const { ReplicaTree } = await import("/replica-tree.js");
              // Taken now: documents under test shadow document.createElement (<form name="createElement">).
              const createElement = Document.prototype.createElement.bind(document);
              const host = createElement("div");
              host.id = "test-spaces";
              host.hidden = true;
              document.body.append(host);
              const replicas = new SpaceReplicas();
              const containers = new Map();
              const container = (space) => {
                if (!containers.has(space)) {
                  const section = createElement("section");
                  host.append(section);
                  replicas.mount(space, section);
                  containers.set(space, section);
                }
                return containers.get(space);
              };
              const position = (tree, e) => {
                const parent = tree.parent(e);
                if (parent === null) {
                  return "/body";
                }
                let n = 1;
                for (const c of tree.children(parent)) {
                  if (c === e) {
                    break;
                  }
                  if (tree.isElement(c) && tree.name(c) === tree.name(e)) {
                    n++;
                  }
                }
                return `${position(tree, parent)}/${tree.name(e)}[${n}]`;
              };
              const describe = (tree, m) => m.kind === "element" ? position(tree, m.element)
                : m.kind === "attribute" ? `${position(tree, m.element)}/@${m.name}=${m.value}`
                : `${position(tree, tree.parent(m.node))}/#${tree.children(tree.parent(m.node)).indexOf(m.node)}=${tree.text(m.node)}`;
              window.harness = {
                run(cases) {
                  return cases.map((c) => {
                    if (c.mount) {
                      container(c.space);
                    }
                    let answer;
                    try {
                      answer = replicas.handle(requestView(c.request));
                    } catch (error) {
                      answer = { status: -1, headers: {}, body: `${error}\\n${error.stack}` };
                    }
                    return { status: answer.status, headers: answer.headers, body: answer.body,
                      version: replicas.version(c.space), hash: replicas.hashHex(c.space), html: replicas.outerHtml(c.space) };
                  });
                },
                /** For each item: takes its whole document, then evaluates its paths over it. */
                selectAll(items) {
                  return items.map((item) => {
                    container(item.space);
                    const answer = replicas.handle(requestView(item.request));
                    return { status: answer.status, hash: replicas.hashHex(item.space),
                      html: replicas.outerHtml(item.space), results: this.select(item.space, item.paths) };
                  });
                },
                select(space, paths) {
                  const tree = new ReplicaTree(container(space), replicas.bodyAttributes(space));
                  return paths.map((p) => {
                    try {
                      const path = NodePath.parse(p);
                      return { canonical: path.toString(), matches: path.select(tree).map((m) => describe(tree, m)) };
                    } catch (error) {
                      return error.status === 400 ? { error: error.index } : { error: -1, message: `${error}\\n${error.stack}` };
                    }
                  });
                },
              };
              done("ready");
            })().catch((error) => done(`${error}\\n${error.stack}`));
            """;

    private static @Nullable TestServer server;
    private static @Nullable Chromium chromium;

    @BeforeAll
    static void start() {
        assumeTrue(Chromium.installed() || System.getenv("CI") != null, "Chromium and chromedriver are not installed");
        server = TestServer.startWithPtth(ptth -> ptth);
        chromium = Chromium.start();
        chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
        chromium.await(DEADLINE, d -> js().executeScript("return window.pavelReplicas !== undefined") == Boolean.TRUE);
        assertEquals("ready", js().executeAsyncScript(HARNESS));
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    // ---- (a) hashes and canonical HTML ----

    @Test
    void wholeDocumentsHashAndWriteAsOnTheServer() {
        List<Case> cases = new ArrayList<>();
        int documents = 0;
        for (int i = 0; documents < 400 * SCALE; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            Document doc = randomDocument(random);
            if (doc == null) {
                continue;
            }
            documents++;
            cases.add(Case.expect("hash", DocRequest.wholeDocument("hash", doc), 204, doc, "seed " + seed));
        }
        for (String html : FIXED_DOCUMENTS) {
            Document doc = Document.parse(html);
            cases.add(Case.expect("hash", DocRequest.wholeDocument("hash", doc), 204, doc, "fixed document " + html));
        }
        run(cases);
    }

    /** Content that shadows DOM properties (allowed by the sanitizer), tricky text, body attributes. */
    private static final List<String> FIXED_DOCUMENTS = List.of(
            "",
            "<body class=\"dark\" data-n=\"1\" title=\"a &quot;b&quot; &amp; c\"><p>hi</p></body>",
            "<form name=\"createElement\"><input name=\"childNodes\"><input name=\"attributes\"><input name=\"firstChild\">"
                    + "<input name=\"nextSibling\"><input name=\"parentNode\"><input name=\"localName\">"
                    + "<input name=\"nodeType\"><input name=\"normalize\"><input name=\"insertBefore\">x</form>",
            "<pre>\n\nleading newlines</pre><textarea>\nkept &lt;b&gt;</textarea>",
            "😀 é\u00a0&amp;&lt;&gt;\"'\t\n<span title=\"😀\u00a0&lt;\">\n</span>",
            "<table><caption>c</caption><tbody><tr><td>1</td><td>2</td></tr></tbody></table> <ul> <li>a</li> </ul>",
            "<select name=\"s\"><option value=\"1\" selected>one</option><optgroup label=\"g\"><option>two</option>"
                    + "</optgroup></select>",
            "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"\"><a href=\"mailto:a@b.c\">m</a><a href=\"/x?y=1\">r</a>");

    // ---- (b) node paths ----

    @Test
    void pathsSelectWhatTheServerSelects() {
        List<PathCase> cases = new ArrayList<>();
        for (int i = 0; cases.size() < 120 * SCALE; i++) {
            long seed = SEED + 1_000_000 + i;
            Random random = new Random(seed);
            Document doc = randomTree(random);
            if (doc == null) {
                continue;
            }
            List<String> expressions = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                expressions.add(RandomInputs.path(random));
            }
            if (cases.isEmpty()) {
                expressions.addAll(FIXED_PATHS);
            }
            cases.add(new PathCase(seed, doc, expressions));
        }
        int paths = 0;
        int errors = 0;
        int selecting = 0;
        int batch = 30;
        for (int from = 0; from < cases.size(); from += batch) {
            List<PathCase> part = cases.subList(from, Math.min(cases.size(), from + batch));
            ArrayNode items = JSON.createArrayNode();
            for (PathCase c : part) {
                ObjectNode item = items.addObject();
                item.put("space", "paths");
                item.set("request", parse(PtthJson.write(DocRequest.wholeDocument("paths", c.doc()))));
                c.expressions().forEach(item.putArray("paths")::add);
            }
            JsonNode answers = call("return JSON.stringify(window.harness.selectAll(JSON.parse(arguments[0])));",
                    ascii(items.toString()));
            for (int d = 0; d < part.size(); d++) {
                PathCase c = part.get(d);
                JsonNode answer = answers.get(d);
                String document = "seed " + c.seed() + " (rerun with -Dpavel.test.seed=" + c.seed() + "), document "
                        + c.doc().outerHtml();
                assertEquals(204, answer.path("status").asInt(), document);
                assertEquals(c.doc().outerHtml(), answer.path("html").asText(), document);
                assertEquals(c.doc().hashHex(), answer.path("hash").asText(), document);
                for (int k = 0; k < c.expressions().size(); k++) {
                    String expression = c.expressions().get(k);
                    JsonNode actual = answer.path("results").get(k);
                    String where = "path " + ascii(expression) + " in " + document;
                    paths++;
                    try {
                        NodePath path = NodePath.parse(expression);
                        assertTrue(actual.has("canonical"), () -> where + ": the page refused it: " + actual);
                        assertEquals(path.toString(), actual.get("canonical").asText(), () -> where + ": canonical form");
                        List<String> expected = path.select(c.doc()).stream().map(ApplyOpBrowserTest::describe).toList();
                        List<String> got = new ArrayList<>();
                        actual.get("matches").forEach(m -> got.add(m.asText()));
                        assertEquals(expected, got, () -> where + ": selection");
                        if (!expected.isEmpty()) {
                            selecting++;
                        }
                    } catch (PathSyntaxException e) {
                        errors++;
                        assertTrue(actual.has("error"), () -> where + ": the page parsed what the server refuses: " + actual);
                        assertEquals(e.index(), actual.get("error").asInt(),
                                () -> where + ": error position, " + e.getMessage() + " / " + actual);
                    }
                }
            }
        }
        assertTrue(errors > paths / 20 && errors < paths / 2, "a useful share of bad paths: " + errors + " of " + paths);
        assertTrue(selecting > paths / 10, "enough paths select something: " + selecting + " of " + paths);
    }

    /** A document and the paths to evaluate over it. */
    private record PathCase(long seed, Document doc, List<String> expressions) {
    }

    private static final List<String> FIXED_PATHS = List.of("/", "", "body", "//", "/body/", "/body//", "/body/div[0]",
            "/body/div[1234567890]", "/body/div[123456789]", "/body/div%5B1%5D", "/body/div%5b1%5d", "/body/div%5G",
            "/body/div%", "/body/div%C3", "/body/div%C3%A9", "/body/%C3%A9", "/body/div[@id='x y']",
            "/body/div[@id=%27x%20y%27]", "/body/div[@id=\"it's\"]", "/body/div[@id='it%25s']", "/body/*[last()][1]",
            "/body/*[2][last()]", "//*[@id='a'][2]", "//div[@id='a']//p[1]", "/body/text()", "/body/text()/x",
            "/body/@id", "/body/@", "/@id", "//@id", "/body/DIV", "//*[@ID='a']", "/body/div[@id='\uD83D\uDE00']",
            "/body/div[@id='\uD83D']", "/body/div[@id='\uDE00x']", "/body/é·-", "/body/div[last()", "/body/div[@id=a]",
            "/body/div[@id='a'", "/body/div[ 1]", "/body/div[%EF%BC%91]", "/body/div%EF%BC%A1", "/body/div%\uFF21\uFF22",
            "/body/div%\u0663\u0661", "/body/div[1]/text()");

    // ---- (c) ops ----

    @Test
    void opRecordsLeaveTheSameDocumentAsOnTheServer() {
        List<Case> cases = new ArrayList<>();
        int sequences = 0;
        int applied = 0;
        for (int i = 0; sequences < 100 * SCALE; i++) {
            long seed = SEED + 2_000_000 + i;
            Random random = new Random(seed);
            Document parsed = randomDocument(random);
            if (parsed == null) {
                continue;
            }
            sequences++;
            Document doc = new Document(parsed.body().copy(), 100 + random.nextInt(1000));
            cases.add(Case.expect("ops", DocRequest.wholeDocument("ops", doc), 204, doc, "seed " + seed + ": join"));
            for (int k = 0; k < 25; k++) {
                Op op = RandomInputs.op(random, doc);
                OpRecord record;
                try {
                    record = op.applyTo(doc);
                } catch (DocumentException refused) {
                    continue; // the server refuses it, so no replica ever receives it
                }
                applied++;
                ReverseRequest wire = DocRequest.of("ops", record.op()).toReverse(record.base());
                String label = "seed " + seed + " (rerun with -Dpavel.test.seed=" + seed + "), op " + k + ": "
                        + record.toJson();
                cases.add(Case.expect("ops", wire, 204, doc, label));
                if (random.nextInt(8) == 0) {
                    cases.add(Case.expect("ops", wire, 204, doc, label + " (repeated)"));
                }
                if (random.nextInt(8) == 0) {
                    cases.add(Case.expect("ops", DocRequest.replicaCheck("ops"), 200, doc, label + " (replica check)"));
                }
            }
        }
        assertTrue(applied > sequences * 10, "only " + applied + " ops applied in " + sequences + " sequences");
        run(cases);
    }

    // ---- (d) statuses ----

    @Test
    void answersHaveTheStatusesOfTheContract() {
        Document doc = new Document(Document.parse("<div id=\"a\"><p>one</p><p>two</p></div><ul><li>x</li></ul>"
                + "<a href=\"/x\">link</a><img src=\"a.png\" alt=\"\">").body().copy(), 10);
        List<Case> cases = new ArrayList<>();
        cases.add(Case.expect("st", DocRequest.wholeDocument("st", doc), 204, doc, "join at 10"));
        cases.add(Case.expect("st", DocRequest.replicaCheck("st"), 200, doc, "replica check"));
        // Versions: a stale or future base is a conflict; what the replica already has is a repeat.
        cases.add(Case.expect("st", op("POST", "/doc/st/body/ul", 11, 12, "<li>y</li>"), 409, doc, "future base"));
        cases.add(Case.expect("st", op("POST", "/doc/st/body/ul", 8, 9, "<li>y</li>"), 204, doc, "old op, a repeat"));
        cases.add(Case.expect("st", op("POST", "/doc/st/body/ul", 9, 10, "<li>y</li>"), 204, doc, "last op, a repeat"));
        // Selection.
        cases.add(Case.expect("st", op("DELETE", "/doc/st/body/div%5B5%5D", 10, 11, ""), 404, doc, "no such node"));
        cases.add(Case.expect("st", op("DELETE", "/doc/st/body/div/@title", 10, 11, ""), 404, doc, "no such attribute"));
        cases.add(Case.expect("st", op("DELETE", "/doc/st/body/div/p", 10, 11, ""), 409, doc, "ambiguous"));
        cases.add(Case.expect("st", op("PUT", "/doc/st//p/text()", 10, 11, "x"), 409, doc, "ambiguous text"));
        // Malformed requests.
        cases.add(Case.expect("st", op("DELETE", "/doc/st/body/div[0]", 10, 11, ""), 400, doc, "bad path"));
        cases.add(Case.expect("st", op("DELETE", "/doc/st/body/div", 10, 12, ""), 400, doc, "version not base + 1"));
        cases.add(Case.expect("st", op("DELETE", "/doc/st/body/div", 10, -1, ""), 400, doc, "no Pavel-Version"));
        cases.add(Case.expect("st", reverse("DELETE", "/doc/st/body/div", List.of(new Header("Pavel-Base", "x10"),
                new Header("Pavel-Version", "11")), ""), 400, doc, "bad Pavel-Base"));
        cases.add(Case.expect("st", op("POST", "/doc/st/body/ul?at=sideways", 10, 11, "<li>y</li>"), 400, doc,
                "unknown placement"));
        cases.add(Case.expect("st", op("PUT", "/doc/st/body/ul?at=first", 10, 11, "<ul></ul>"), 400, doc,
                "placement on a PUT"));
        cases.add(Case.expect("st", op("POST", "/doc/st/body/ul/@class", 10, 11, "x"), 400, doc, "POST on an attribute"));
        cases.add(Case.expect("st", op("DELETE", "/doc/st/body/ul/text()", 10, 11, ""), 400, doc, "DELETE of text"));
        cases.add(Case.expect("st", op("POST", "/doc/st/body?at=before", 10, 11, "<p>x</p>"), 400, doc, "before the body"));
        cases.add(Case.expect("st", op("DELETE", "/doc/st/body", 10, 11, ""), 400, doc, "delete the body"));
        cases.add(Case.expect("st", op("DELETE", "/doc/bad%20space/body/ul", 10, 11, ""), 400, doc, "bad space name"));
        cases.add(Case.expect("st", reverse("PUT", "/doc/st/", List.of(), "<body></body>"), 400, doc,
                "whole document without a version"));
        // Hostile content: refused whole, nothing applied.
        for (String hostile : HOSTILE_FRAGMENTS) {
            assertThrows(FragmentRefusedException.class, () -> HtmlFragment.parse(hostile, "div"),
                    () -> "the server's sanitizer must refuse " + hostile);
            cases.add(Case.expect("st", op("POST", "/doc/st/body/div", 10, 11, hostile), 422, doc, "append " + hostile));
            cases.add(Case.expect("st", op("PUT", "/doc/st/body/ul/li", 10, 11, hostile), 422, doc, "replace with " + hostile));
        }
        for (String[] set : HOSTILE_VALUES) {
            cases.add(Case.expect("st", op("PUT", "/doc/st/body/" + set[0], 10, 11, set[1]), 422, doc,
                    "set " + set[0] + " to " + set[1]));
        }
        cases.add(Case.expect("st", reverse("PUT", "/doc/st/", List.of(new Header("Pavel-Version", "20")),
                "<body onload=\"alert(1)\"><p>x</p></body>"), 422, doc, "whole document with onload"));
        cases.add(Case.expect("st", reverse("PUT", "/doc/st/", List.of(new Header("Pavel-Version", "20")),
                "<html><head><script>alert(1)</script></head><body></body></html>"), 422, doc, "script in the head"));
        cases.add(Case.expect("st", op("POST", "/doc/st/body/img", 10, 11, "<b>x</b>"), 422, doc, "content in <img>"));
        // What the server allows, the guard allows: paths percent-encoded or not, raster data URLs, mail links.
        Document allowed = doc.copy();
        for (Op op : List.of(
                new Op.Insert(NodePath.parse("/body/ul"), Placement.APPEND, "<li><img src=\"data:image/png;base64,AA==\" alt=\"\"></li>"),
                new Op.Set(NodePath.parse("/body/a/@href"), " mailto:someone@example.com"),
                new Op.Set(NodePath.parse("//*[@id='a']/p[2]/text()"), "line\r\nnext\rlast"),
                new Op.Insert(NodePath.parse("/body/div/p[1]"), Placement.AFTER, "<p title=\"a&quot;b\">three &amp; four</p>"),
                new Op.Set(NodePath.parse("/body/@class"), "dark"),
                new Op.Set(NodePath.parse("/body/@class"), "light"),
                new Op.Remove(NodePath.parse("/body/div/p[last()]")))) {
            long base = allowed.version();
            op.applyTo(allowed);
            // The op as given (CR LF in text, entities), not its canonical record: the page normalizes as the server does.
            cases.add(Case.expect("st", DocRequest.of("st", op).toReverse(base), 204, allowed, "allowed: " + op));
        }
        cases.add(Case.expect("st", reverse("DELETE", "/doc/st/body/ul/li[2]", versions(allowed.version(),
                allowed.version() + 1), ""), 204, removeLast(allowed), "unencoded path"));
        List<Answer> answers = run(cases);
        Answer conflict = answers.get(2);
        assertEquals("10", conflict.headers().path("Pavel-Version").asText(), "a conflict says where the replica is");
        Answer check = answers.get(1);
        assertEquals("\"" + doc.hashHex() + "\"", check.headers().path("ETag").asText());
        assertEquals("10", check.headers().path("Pavel-Version").asText());

        // Spaces the page does not show, or holds nothing of yet.
        List<Answer> elsewhere = run(List.of(
                new Case("nowhere", DocRequest.replicaCheck("nowhere"), false, 404, null, null, -1, "check, not shown"),
                new Case("nowhere", op("POST", "/doc/nowhere/body", 0, 1, "<p>x</p>"), false, 409, null, null, -1,
                        "op, not shown"),
                new Case("nowhere", DocRequest.wholeDocument("nowhere", doc), false, 404, null, null, -1,
                        "whole document, not shown"),
                new Case("empty", DocRequest.replicaCheck("empty"), true, 404, null, null, -1, "check, nothing yet"),
                new Case("empty", op("POST", "/doc/empty/body", 0, 1, "<p>x</p>"), true, 409, null, null, -1,
                        "op, nothing yet")));
        assertEquals(5, elsewhere.size());

        // GET on a node reads it.
        List<Answer> reads = run(List.of(
                Case.expect("st", reverse("GET", "/doc/st/body/ul/li%5B1%5D", List.of(), ""), 200, removeLast(allowed), "read"),
                Case.expect("st", reverse("GET", "/doc/st/body/a/@href", List.of(), ""), 200, removeLast(allowed), "read"),
                Case.expect("st", reverse("GET", "/doc/st//p", List.of(), ""), 409, removeLast(allowed), "read")));
        assertEquals("<li>x</li>", reads.get(0).body());
        assertEquals(" mailto:someone@example.com", reads.get(1).body());
    }

    private static final List<String> HOSTILE_FRAGMENTS = List.of(
            "<script>alert(1)</script>", "<p>ok</p><script src=\"/x.js\"></script>", "<img src=\"x\" onerror=\"alert(1)\">",
            "<b onclick=\"alert(1)\">x</b>", "<a href=\"javascript:alert(1)\">x</a>", "<a href=\" java\tscript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">x</a>", "<img src=\"data:text/html,x\">",
            "<img src=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\">", "<div style=\"color:red\">x</div>",
            "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>", "<iframe src=\"/\"></iframe>",
            "<object data=\"/x\"></object>", "<embed src=\"/x\">", "<style>body{display:none}</style>",
            "<link rel=\"stylesheet\" href=\"/x.css\">", "<meta http-equiv=\"refresh\" content=\"0;url=/x\">",
            "<base href=\"https://evil.example/\">", "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<math><mi>x</mi></math>", "<template><script>alert(1)</script></template>", "<noscript>x</noscript>",
            "<form action=\"javascript:alert(1)\"><button>x</button></form>",
            "<button formaction=\"javascript:alert(1)\">x</button>",
            "<details open ontoggle=\"alert(1)\"><summary>x</summary></details>", "<video poster=\"javascript:x\"></video>",
            "<a href=\"/ok\">fine</a><i onmouseover=\"alert(1)\">bad</i>");

    private static final String[][] HOSTILE_VALUES = {
        {"a/@href", "javascript:alert(1)"}, {"a/@href", "\u0001javascript:alert(1)"}, {"div/@onclick", "alert(1)"},
        {"div/@style", "color:red"}, {"img/@src", "data:text/html,x"}, {"div/@Title", "1"}, {"div/@title", "a\u0000b"},
        {"ul/li/text()", "a\u0000b"}, {"img/text()", "x"},
    };

    // ---- the page's own replica of main, over its real PTTH session ----

    @Test
    void theStartPageShowsTheMainSpaceLiveOverItsSession() throws Exception {
        Session session = awaitSession();
        // The form shadows document.createElement and the input form.childNodes: the page must not care.
        Document doc = new Document(Document.parse("<h1 id=\"t\">Hello</h1><ul><li>one</li></ul>"
                + "<form name=\"createElement\"><input name=\"childNodes\"></form>").body().copy(), 7);
        assertEquals(204, send(session, DocRequest.wholeDocument("main", doc)).status());
        OpRecord record = new Op.Insert(NodePath.parse("/body/ul"), Placement.APPEND, "<li>two</li>").applyTo(doc);
        assertEquals(204, send(session, DocRequest.of("main", record.op()).toReverse(record.base())).status());
        ReverseResponse check = send(session, DocRequest.replicaCheck("main"));
        assertEquals(200, check.status());
        assertEquals("8", check.header("Pavel-Version"));
        assertEquals("\"" + doc.hashHex() + "\"", check.header("ETag"));
        assertEquals(409, send(session, op("DELETE", "/doc/main/body/ul/li[1]", 20, 21, "")).status());

        assertEquals(204, send(session, ReverseRequest.of("POST", "/console", List.of(), "still here")).status());

        chromium().await(DEADLINE, d -> d.findElement(By.cssSelector("#space-main ul")).getText().equals("one\ntwo"));
        chromium().await(DEADLINE, d -> d.findElement(By.id("console")).getText().contains("still here"));
        assertEquals("Hello", chromium().driver().findElement(By.cssSelector("#space-main > h1#t")).getText());
        assertEquals("version 8", chromium().driver().findElement(By.cssSelector("[data-space-version=main]")).getText());
        assertEquals("main=8", js().executeScript("return window.pavelReplicas.resumeHeaderValue()"));
    }

    @Test
    void aSessionThatOpensTellsTheServerWhereItsReplicasAre() {
        JsonNode seen = callAsync("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { PtthSession } = await import("/ptth.js");
                  const opens = async (headers) => {
                    const sent = [];
                    const fetch = async (url, init) => {
                      sent.push({ url, headers: init.headers });
                      if (url === "/ptth") {
                        return new Response(JSON.stringify({ session: "s", queue: "/ptth/q/k" }), { status: 201 });
                      }
                      await new Promise((resolve) => setTimeout(resolve, 20));
                      return new Response("{}", { status: 200 });
                    };
                    const session = new PtthSession({ fetch, storage: null, headers, view: ["main", "lab"] });
                    session.start();
                    while (sent.length < 2) {
                      await new Promise((resolve) => setTimeout(resolve, 10));
                    }
                    session.stop();
                    return sent[0];
                  };
                  return [await opens(() => ({ "Pavel-Version": "main=42, lab=7" })), await opens(() => ({})), await opens(undefined)];
                })().then((r) => done(JSON.stringify(r)), (e) => done(JSON.stringify(String(e))));
                """);
        assertEquals("/ptth", seen.get(0).path("url").asText(), seen.toString());
        assertEquals("main=42, lab=7", seen.get(0).path("headers").path("Pavel-Version").asText());
        assertEquals("main,lab", seen.get(0).path("headers").path("Pavel-View").asText());
        assertTrue(seen.get(1).path("headers").path("Pavel-Version").isMissingNode(), seen.toString());
        assertTrue(seen.get(2).path("headers").path("Pavel-Version").isMissingNode(), seen.toString());
    }

    // ---- running cases in the page ----

    /** One reverse request for the harness, and what its answer and the replica must be after it. */
    private record Case(String space, ReverseRequest request, boolean mount, int status, @Nullable String hash,
            @Nullable String html, long version, String label) {
        /** A case on a mounted space whose replica must then equal {@code doc} (its hash, HTML and version). */
        static Case expect(String space, ReverseRequest request, int status, Document doc, String label) {
            return new Case(space, request, true, status, doc.hashHex(), doc.outerHtml(), doc.version(), label);
        }
    }

    /** What the page answered, and its replica after. */
    private record Answer(int status, JsonNode headers, String body) {
    }

    private static List<Answer> run(List<Case> cases) {
        List<Answer> answers = new ArrayList<>();
        int batch = 400;
        for (int from = 0; from < cases.size(); from += batch) {
            List<Case> part = cases.subList(from, Math.min(cases.size(), from + batch));
            ArrayNode array = JSON.createArrayNode();
            for (Case c : part) {
                ObjectNode item = array.addObject();
                item.put("space", c.space());
                item.put("mount", c.mount());
                item.set("request", parse(PtthJson.write(c.request())));
            }
            JsonNode results = call("return JSON.stringify(window.harness.run(JSON.parse(arguments[0])));",
                    ascii(array.toString()));
            for (int i = 0; i < part.size(); i++) {
                Case c = part.get(i);
                JsonNode r = results.get(i);
                String where = c.label() + " [seed " + SEED + "]: " + c.request().method() + " " + c.request().uri()
                        + " " + c.request().headers() + " " + c.request().body() + " -> " + r.path("status") + " "
                        + r.path("body").asText();
                assertEquals(c.status(), r.path("status").asInt(), () -> where + ": status");
                if (c.hash() != null) {
                    assertEquals(c.html(), r.path("html").asText(null), () -> where + ": replica HTML");
                    assertEquals(c.hash(), r.path("hash").asText(null), () -> where + ": replica hash");
                    assertEquals(c.version(), r.path("version").asLong(), () -> where + ": replica version");
                }
                if (c.status() == 200 && c.request().uri().endsWith("/") && c.hash() != null) {
                    assertEquals("\"" + c.hash() + "\"", r.path("headers").path("ETag").asText(), () -> where + ": ETag");
                    assertEquals(Long.toString(c.version()), r.path("headers").path("Pavel-Version").asText(),
                            () -> where + ": Pavel-Version");
                }
                answers.add(new Answer(r.path("status").asInt(), r.path("headers"), r.path("body").asText()));
            }
        }
        return answers;
    }

    /**
     * {@code text} with every char outside printable ASCII as a {@code \\uXXXX} escape: valid JSON for JSON text, and
     * safe through WebDriver (which would turn a lone surrogate into U+FFFD) and in test reports.
     */
    private static String ascii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static JsonNode call(String script, Object... args) {
        Object result = js().executeScript(script, args);
        return parse(String.valueOf(result));
    }

    private static JsonNode callAsync(String script) {
        return parse(String.valueOf(js().executeAsyncScript(script)));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("The page answered with something that is not JSON: " + json, e);
        }
    }

    private static JavascriptExecutor js() {
        return (JavascriptExecutor) chromium().driver();
    }

    private static Chromium chromium() {
        assertNotNull(chromium, "Chromium");
        return chromium;
    }

    private static Session awaitSession() {
        String id = chromium().await(DEADLINE, d -> js().executeScript(
                "return window.pavelSession && window.pavelSession.state.status === 'connected'"
                        + " ? window.pavelSession.state.session : null") instanceof String s ? s : null);
        assertNotNull(server);
        Session session = server.sessions().find(id);
        assertNotNull(session, "session " + id);
        return session;
    }

    private static ReverseResponse send(Session session, ReverseRequest request) throws Exception {
        return session.send(request).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** An op's request by hand: {@code Pavel-Base} and, unless {@code version} is negative, {@code Pavel-Version}. */
    private static ReverseRequest op(String method, String uri, long base, long version, String body) {
        List<Header> headers = new ArrayList<>(List.of(new Header("Pavel-Base", Long.toString(base))));
        if (version >= 0) {
            headers.add(new Header("Pavel-Version", Long.toString(version)));
        }
        return reverse(method, uri, headers, body);
    }

    private static List<Header> versions(long base, long version) {
        return List.of(new Header("Pavel-Base", Long.toString(base)), new Header("Pavel-Version", Long.toString(version)));
    }

    private static ReverseRequest reverse(String method, String uri, List<Header> headers, String body) {
        return ReverseRequest.of(method, uri, headers, body);
    }

    private static Document removeLast(Document doc) {
        Document copy = doc.copy();
        new Op.Remove(NodePath.parse("/body/ul/li[2]")).applyTo(copy);
        return copy;
    }

    /** A selected node as the harness describes it: its positional path, then the attribute or the text. */
    private static String describe(Match match) {
        return switch (match) {
            case Match.ElementMatch(Element e) -> position(e);
            case Match.AttributeMatch(Element owner, String name, String value) -> position(owner) + "/@" + name + "=" + value;
            case Match.TextMatch(Text t) -> position(t.parent()) + "/#" + t.siblingIndex() + "=" + t.text();
        };
    }

    private static String position(@Nullable Element e) {
        assertNotNull(e);
        Element parent = e.parent();
        if (parent == null) {
            return "/body";
        }
        int n = 1;
        for (Node sibling : parent.children()) {
            if (sibling == e) {
                break;
            }
            if (sibling instanceof Element other && other.name().equals(e.name())) {
                n++;
            }
        }
        return position(parent) + "/" + e.name() + "[" + n + "]";
    }

    private static @Nullable Document randomDocument(Random random) {
        try {
            return Document.parse(RandomInputs.document(random));
        } catch (FragmentRefusedException e) {
            return null; // a tree HTML parsing would not build again; the server refuses it too
        }
    }

    private static @Nullable Document randomTree(Random random) {
        try {
            return Document.parse(RandomInputs.tree(random, 5, 5).outerHtml());
        } catch (FragmentRefusedException e) {
            return null;
        }
    }

    /** Seeded documents, paths and ops; small vocabularies so that names, ids and positions collide often. */
    private static final class RandomInputs {
        static final List<String> NAMES = List.of("div", "p", "span", "ul", "li", "b", "a", "section", "em");
        static final List<String> IDS = List.of("a", "b", "c", "main", "x y", "it's", "q\"uote", "100%", "é");
        static final List<String> CLASSES = List.of("red", "blue", "red blue", "");
        static final List<String> CLOBBERING = List.of("childNodes", "attributes", "firstChild", "nextSibling",
                "parentNode", "localName", "nodeType", "createElement", "normalize");
        // Raw CR and CR LF become LF when parsed (as in browsers); &#13; is a CR that stays, written back as &#13;.
        private static final String[] TEXT_PIECES = {"hi", " ", "x", "<", ">", "&", "\"", "'", "\n", "\u00a0", "é",
            "&amp;", "😀", "  two  ", "\t", "%", "\r\n", "\r", "&#13;"};
        private static final String[] TAGS = {"div", "p", "span", "b", "i", "em", "a href=\"/x\"", "ul", "ol", "li",
            "table", "tbody", "thead", "tr", "td", "th", "caption", "pre", "textarea", "button", "form", "select",
            "option", "h1", "h2", "section", "code", "label", "dl", "dt", "dd", "blockquote", "details", "summary",
            "strong", "small", "figure", "figcaption", "fieldset", "legend", "form name=\"attributes\"",
            "a href=\"mailto:x@y.z\"", "q cite=\"https://e.x/\""};
        private static final String[] VOIDS = {"br", "hr", "img src=\"a.png\" alt=\"\"", "input type=\"text\"",
            "input type=\"hidden\" name=\"h\"", "input", "input name=\"childNodes\"", "input name=\"firstChild\"",
            "input name=\"nextSibling\"", "input name=\"parentNode\"", "input name=\"localName\"", "wbr"};
        private static final List<String> SET_ATTRIBUTES = List.of("id", "class", "title", "data-n", "lang", "hidden",
                "href", "type", "name", "onclick");

        private RandomInputs() {
        }

        static String text(Random random) {
            StringBuilder out = new StringBuilder();
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                out.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
            }
            return out.toString();
        }

        /** A value to set as text or attribute: may hold CR LF or CR, which both replicas turn into LF. */
        static String value(Random random) {
            return switch (random.nextInt(8)) {
                case 0 -> text(random) + "\r\n" + text(random);
                case 1 -> "\r" + text(random);
                default -> text(random);
            };
        }

        /** A whole document: messy HTML, sometimes with a {@code <body>} that has attributes. */
        static String document(Random random) {
            String content = html(random, 5 + random.nextInt(30));
            if (random.nextInt(4) > 0) {
                return content;
            }
            return "<body class=\"" + CLASSES.get(random.nextInt(CLASSES.size())) + "\" data-n=\"" + random.nextInt(3)
                    + "\">" + content + "</body>";
        }

        /** Messy but allowed HTML: unclosed and misnested tags, entities, newlines, names that shadow DOM properties. */
        static String html(Random random, int pieces) {
            StringBuilder out = new StringBuilder();
            List<String> open = new ArrayList<>();
            for (int i = 0; i < pieces; i++) {
                int roll = random.nextInt(10);
                if (roll < 3) {
                    String tag = TAGS[random.nextInt(TAGS.length)];
                    out.append('<').append(tag);
                    if (random.nextInt(3) == 0) {
                        out.append(" id=\"").append(IDS.get(random.nextInt(4)).replace("\"", "&quot;")).append('"');
                    }
                    if (random.nextInt(4) == 0) {
                        out.append(" class='").append(CLASSES.get(random.nextInt(CLASSES.size()))).append('\'');
                    }
                    if (random.nextInt(6) == 0) {
                        out.append(" title=\"").append(text(random).replace("&", "&amp;").replace("\"", "&quot;"))
                                .append('"');
                    }
                    out.append('>');
                    open.add(tag.split(" ")[0]);
                } else if (roll < 5 && !open.isEmpty()) {
                    int k = random.nextInt(4) == 0 ? random.nextInt(open.size()) : open.size() - 1;
                    out.append("</").append(open.remove(k)).append('>');
                } else if (roll < 6) {
                    out.append('<').append(VOIDS[random.nextInt(VOIDS.length)]).append('>');
                } else {
                    out.append(random.nextInt(8) == 0 ? "\n" : "").append(text(random).replace("<", "&lt;"));
                }
            }
            return out.toString();
        }

        /** A tree built with the constructors, nesting only what HTML parsing keeps: deep, for path evaluation. */
        static Element tree(Random random, int depth, int maxChildren) {
            return new Element("body", attributes(random), children(random, "body", depth, maxChildren, false));
        }

        private static List<Node> children(Random random, String parent, int depth, int maxChildren, boolean inLink) {
            List<Node> children = new ArrayList<>();
            if (depth <= 0) {
                return children;
            }
            boolean inline = List.of("p", "span", "b", "a", "em").contains(parent);
            int n = random.nextInt(maxChildren + 1);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(4) == 0 && !parent.equals("ul")) {
                    children.add(new Text(text(random)));
                    continue;
                }
                List<String> names = parent.equals("ul") ? List.of("li")
                        : inline ? List.of("span", "b", "a", "em")
                        : parent.equals("li") ? List.of("div", "section", "p", "ul", "span", "b", "a", "em")
                        : NAMES;
                String name = names.get(random.nextInt(names.size()));
                if (name.equals("a") && inLink) {
                    name = "span";
                }
                children.add(new Element(name, attributes(random),
                        children(random, name, depth - 1, maxChildren, inLink || name.equals("a"))));
            }
            return children;
        }

        private static List<Attribute> attributes(Random random) {
            List<Attribute> attributes = new ArrayList<>();
            if (random.nextInt(3) == 0) {
                attributes.add(new Attribute("id", IDS.get(random.nextInt(IDS.size()))));
            }
            if (random.nextInt(3) == 0) {
                attributes.add(new Attribute("class", CLASSES.get(random.nextInt(CLASSES.size()))));
            }
            if (random.nextInt(5) == 0) {
                attributes.add(new Attribute("data-n", Integer.toString(random.nextInt(3))));
            }
            if (random.nextBoolean()) {
                Collections.shuffle(attributes, random);
            }
            return attributes;
        }

        /** A path from the whole grammar, sometimes percent-encoded, sometimes broken by one edit. */
        static String path(Random random) {
            StringBuilder out = new StringBuilder();
            int steps = 1 + random.nextInt(3);
            for (int i = 0; i < steps; i++) {
                boolean descendant = random.nextInt(5) < 2;
                out.append(descendant ? "//" : "/");
                out.append(i == 0 && !descendant && random.nextInt(10) > 0 ? "body" : name(random));
                int predicates = random.nextInt(10) < 5 ? 0 : random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
                for (int p = 0; p < predicates; p++) {
                    out.append(predicate(random));
                }
            }
            int leaf = random.nextInt(8);
            if (leaf == 0) {
                out.append("/text()");
            } else if (leaf == 1) {
                out.append("/@").append(attribute(random));
            }
            String path = out.toString();
            if (random.nextInt(4) == 0) {
                path = encode(random, path);
            }
            return random.nextInt(8) == 0 ? mutate(random, path) : path;
        }

        private static String name(Random random) {
            int n = random.nextInt(24);
            return n < 6 ? "*" : n == 6 ? "nav" : n == 7 ? "DIV" : n == 8 ? "body" : NAMES.get(random.nextInt(NAMES.size()));
        }

        private static String predicate(Random random) {
            return switch (random.nextInt(5)) {
                case 0, 1 -> "[" + (1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 4)) + "]";
                case 2 -> "[last()]";
                default -> {
                    String name = attribute(random);
                    String value = switch (name) {
                        case "id", "ID" -> IDS.get(random.nextInt(IDS.size())).replace("%", "%25");
                        case "class" -> CLASSES.get(random.nextInt(CLASSES.size()));
                        default -> Integer.toString(random.nextInt(3));
                    };
                    char quote = value.contains("'") ? '"' : value.contains("\"") ? '\'' : random.nextBoolean() ? '\'' : '"';
                    yield "[@" + name + "=" + quote + value + quote + "]";
                }
            };
        }

        private static String attribute(Random random) {
            return switch (random.nextInt(9)) {
                case 0, 1, 2 -> "id";
                case 3, 4 -> "class";
                case 5 -> "ID";
                default -> "data-n";
            };
        }

        /** Percent-encodes some of the characters a URL would (and some it need not). */
        private static String encode(Random random, String path) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if ("[]'\" %é".indexOf(c) >= 0 && random.nextBoolean() || random.nextInt(30) == 0 && c < 0x80) {
                    for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                        out.append(String.format(random.nextBoolean() ? "%%%02X" : "%%%02x", b & 0xff));
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** One random edit: a deleted, inserted or replaced character. */
        private static String mutate(Random random, String path) {
            String alphabet = "[]/@*()'\"=%0123456789abcé\u00b7-.:_ xt!\uD83D\uDE00";
            int at = random.nextInt(path.length() + 1);
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            return switch (random.nextInt(3)) {
                case 0 -> at < path.length() ? path.substring(0, at) + path.substring(at + 1) : path;
                case 1 -> path.substring(0, at) + c + path.substring(at);
                default -> at < path.length() ? path.substring(0, at) + c + path.substring(at + 1) : path + c;
            };
        }

        /** Mostly ops on an existing element, addressed by position or by id; some the server refuses. */
        static Op op(Random random, Document doc) {
            List<Element> elements = new ArrayList<>();
            collect(doc.body(), elements);
            Element target = elements.get(random.nextInt(elements.size()));
            String id = target.attribute("id");
            NodePath path = random.nextInt(20) == 0 ? NodePath.parse("//" + NAMES.get(random.nextInt(4)))
                    : id != null && !(id.contains("'") && id.contains("\"")) && random.nextBoolean()
                            ? NodePath.parse("//*[@id=" + quote(id.replace("%", "%25")) + "]")
                            : NodePath.parse(position(target));
            return switch (random.nextInt(10)) {
                case 0 -> new Op.Replace(random.nextInt(6) == 0 ? NodePath.ROOT : path,
                        random.nextInt(3) == 0 ? document(random) : html(random, 1 + random.nextInt(6)));
                case 1, 2 -> new Op.Insert(path, Placement.values()[random.nextInt(4)], html(random, 1 + random.nextInt(6)));
                case 3 -> new Op.Remove(path);
                case 4, 5 -> new Op.Set(NodePath.parse(path + "/@" + SET_ATTRIBUTES.get(random.nextInt(SET_ATTRIBUTES.size()))),
                        switch (random.nextInt(10)) {
                            case 0 -> "javascript:alert(1)";
                            case 1 -> CLOBBERING.get(random.nextInt(CLOBBERING.size()));
                            case 2 -> "";
                            default -> value(random);
                        });
                case 6 -> new Op.Remove(NodePath.parse(path + "/@" + SET_ATTRIBUTES.get(random.nextInt(4))));
                default -> new Op.Set(NodePath.parse(path + "/text()"), random.nextInt(6) == 0 ? "" : value(random));
            };
        }

        private static void collect(Element e, List<Element> out) {
            out.add(e);
            for (Node child : e.children()) {
                if (child instanceof Element c) {
                    collect(c, out);
                }
            }
        }

        private static String quote(String value) {
            return value.contains("'") ? "\"" + value + "\"" : "'" + value + "'";
        }
    }
}
