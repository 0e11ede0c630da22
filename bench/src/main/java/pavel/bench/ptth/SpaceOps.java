package pavel.bench.ptth;

import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.Placement;
import pavel.path.NodePath;

/**
 * The ops of the spaces benchmarks, the same in the server process ({@code Space.apply}) and over HTTP: the document
 * is {@code <body>} with one {@code <div id="w{k}">} per writer; writer {@code k} alternates appending a small
 * paragraph to its div ({@code POST /doc/main/body/div%5Bk+1%5D}) and replacing the div with a fresh one
 * ({@code PUT} on the same path), so the document stays small however long the run. Stateless; thread-safe.
 */
final class SpaceOps {

    /** The space every scenario writes to. */
    static final String SPACE = "main";

    private SpaceOps() {}

    /** The initial {@code <body>} content for {@code writers} writers. */
    static String initialBody(int writers) {
        StringBuilder html = new StringBuilder();
        for (int k = 0; k < writers; k++) {
            html.append(div(k, 0));
        }
        return html.toString();
    }

    /** The {@code n}-th op of writer {@code k}: even {@code n} appends, odd {@code n} replaces. */
    static Op op(int writer, long n) {
        NodePath path = NodePath.parse("/body/div[" + (writer + 1) + "]");
        return n % 2 == 0
                ? new Op.Insert(path, Placement.APPEND, "<p class=\"n\">paragraph " + n + "</p>")
                : new Op.Replace(path, div(writer, n));
    }

    /** The same op as a request on {@code space}: method, percent-encoded target and body. */
    static DocRequest request(String space, int writer, long n) {
        return DocRequest.of(space, op(writer, n));
    }

    private static String div(int writer, long n) {
        return "<div id=\"w" + writer + "\" class=\"writer\"><span>text " + n + "</span></div>";
    }
}
