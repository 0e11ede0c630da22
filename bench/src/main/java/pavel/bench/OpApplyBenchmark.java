package pavel.bench;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pavel.model.Attribute;
import pavel.model.Document;
import pavel.model.Element;
import pavel.model.HtmlFragment;
import pavel.model.Node;
import pavel.model.Text;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.path.NodePath;

/**
 * Replacing a leaf ({@code <span id="…">text</span>} deep in the document), sampled so that the median is known.
 *
 * <ul>
 *   <li>{@link #replaceLeafOp()}: the whole {@link Op.Replace} by id path, as the server applies it: resolve the
 *       path, parse and sanitize the fragment, check its placement, splice, update the hash, advance the version and
 *       write the canonical record. Two fragments of the same size alternate, so the document neither grows nor
 *       stands still.</li>
 *   <li>{@link #replaceLeafSplice()}: {@link Document#replace} alone with two pre-built detached spans that take
 *       turns (the one replaced is detached again and comes back next time), plus the version; no path and no
 *       fragment parsing. What is left is the model's own work: placement check, splice, id index, hash.</li>
 *   <li>{@link #parseLeafFragment()}: just the fragment parse and sanitize of {@link #replaceLeafOp()}, to show its
 *       share.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class OpApplyBenchmark {
    @Param({"1000", "10000", "100000"})
    public int nodes;

    private Document document;
    private Op.Replace[] ops;
    private int turn;
    private List<List<Node>> spans;
    private Element inDocument;
    private String parentName;
    private String fragment;

    @Setup(Level.Trial)
    public void setUp() {
        BenchDocument generated = BenchDocument.create(nodes);
        generated.verify();
        document = generated.pavel();
        Element leaf = generated.leaf();
        String id = leaf.expectAttribute("id");
        parentName = Objects.requireNonNull(leaf.parent(), "leaf parent").name();
        NodePath path = NodePath.parse(generated.leafPath());
        ops = new Op.Replace[] {
            new Op.Replace(path, "<span id=\"" + id + "\" class=\"a\">first text</span>"),
            new Op.Replace(path, "<span id=\"" + id + "\" class=\"b\">other text</span>")
        };
        fragment = ops[0].html();

        // Both ops must work before they are timed: an op that throws would be measured as fast.
        ops[0].applyTo(document);
        ops[1].applyTo(document);
        inDocument = path.expectElement(document);
        spans = List.of(List.of(span(id, "a", "first text")), List.of(span(id, "b", "other text")));
    }

    @Benchmark
    public OpRecord replaceLeafOp() {
        turn ^= 1;
        return ops[turn].applyTo(document);
    }

    @Benchmark
    public long replaceLeafSplice() {
        turn ^= 1;
        List<Node> next = spans.get(turn);
        document.replace(inDocument, next);
        inDocument = (Element) next.getFirst();
        document.advanceVersion();
        return document.hash();
    }

    @Benchmark
    public List<Node> parseLeafFragment() {
        return HtmlFragment.parse(fragment, parentName);
    }

    private static Element span(String id, String className, String text) {
        return new Element("span", List.of(new Attribute("id", id), new Attribute("class", className)),
                List.of(new Text(text)));
    }
}
