package pavel.bench.store;

import pavel.op.Op;
import pavel.op.Placement;
import pavel.path.NodePath;

/**
 * The ops of one writer, shaped like people editing a page: a round of five ops appends a paragraph to one of the
 * page's {@link #CONTAINERS} sections, sets its text, sets its {@code class}, replaces it with a richer one, and
 * removes the paragraph of {@code keep} rounds ago (before that, sets a {@code title} instead). Each writer owns its
 * paragraphs ({@code id="p{writer}-{round}"}), so any number of writers can share a space in any interleaving, and a
 * space holds about {@code keep × writers × }{@link #NODES_PER_PARAGRAPH} nodes however long the run.
 *
 * <p>Not thread-safe: one writer thread each.
 */
final class OpMix {

    /** The sections of a page, {@code id="c0"…}; writer {@code k} appends to section {@code k % CONTAINERS}. */
    static final int CONTAINERS = 8;
    /** A paragraph once replaced: {@code <p>}, its text, {@code <em>} and the em's text. */
    static final int NODES_PER_PARAGRAPH = 4;
    private static final int OPS_PER_ROUND = 5;

    private final int writer;
    private final int keep;
    private final String container;
    private long n;

    /**
     * @param writer the writer's number, unique within the space
     * @param keep how many of its paragraphs a writer keeps; at least 1
     */
    OpMix(int writer, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep (" + keep + ") must be at least 1.");
        }
        this.writer = writer;
        this.keep = keep;
        this.container = "//*[@id='c" + (writer % CONTAINERS) + "']";
    }

    /** The paragraphs each of {@code writers} writers keeps so that a space holds about {@code nodes} nodes. */
    static int keepFor(int nodes, int writers) {
        return Math.max(1, nodes / (NODES_PER_PARAGRAPH * Math.max(1, writers)));
    }

    /** The {@code <body>} content a space starts with: the sections, each with a heading. */
    static String initialBody() {
        StringBuilder html = new StringBuilder();
        for (int c = 0; c < CONTAINERS; c++) {
            html.append("<section id=\"c").append(c).append("\"><h2>Part ").append(c).append("</h2></section>");
        }
        return html.toString();
    }

    /** The writer's next op. */
    Op next() {
        long round = n / OPS_PER_ROUND;
        long step = n % OPS_PER_ROUND;
        long count = n++;
        String paragraph = paragraph(round);
        return switch ((int) step) {
            case 0 -> new Op.Insert(NodePath.parse(container), Placement.APPEND,
                    "<p id=\"p" + writer + "-" + round + "\" class=\"new\">text " + count + "</p>");
            case 1 -> new Op.Set(NodePath.parse(paragraph + "/text()"), "edited text " + count);
            case 2 -> new Op.Set(NodePath.parse(paragraph + "/@class"), "v" + count);
            case 3 -> new Op.Replace(NodePath.parse(paragraph), "<p id=\"p" + writer + "-" + round
                    + "\" class=\"replaced\">replaced text " + count + " <em>now</em></p>");
            default -> round >= keep
                    ? new Op.Remove(NodePath.parse(paragraph(round - keep)))
                    : new Op.Set(NodePath.parse(paragraph + "/@title"), "kept " + count);
        };
    }

    private String paragraph(long round) {
        return "//*[@id='p" + writer + "-" + round + "']";
    }
}
