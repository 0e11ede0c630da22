package pavel.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
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
import pavel.model.Document;
import pavel.model.Element;
import pavel.path.NodePath;

/**
 * Node path resolution against the JDK's XPath 1.0 engine, on the same generated document and the same expression
 * string: an id path ({@code //*[@id='…']}) and a positional path ({@code /body/section[2]/…}) to one deep element.
 * Both sides are compiled once per trial; each invocation evaluates to a node-set, as an op's path resolution does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class PathBenchmark {
    @Param({"1000", "10000", "100000"})
    public int nodes;

    private Document document;
    private org.w3c.dom.Document dom;
    private NodePath idPath;
    private NodePath positionalPath;
    private XPathExpression idXPath;
    private XPathExpression positionalXPath;

    @Setup(Level.Trial)
    public void setUp() throws XPathExpressionException {
        BenchDocument generated = BenchDocument.create(nodes);
        generated.verify();
        document = generated.pavel();
        dom = generated.dom();
        idPath = NodePath.parse(generated.idPath());
        positionalPath = NodePath.parse(generated.positionalPath());
        var xpath = XPathFactory.newInstance().newXPath();
        idXPath = xpath.compile(generated.idPath());
        positionalXPath = xpath.compile(generated.positionalPath());
    }

    @Benchmark
    public List<Element> idPathPavel() {
        return idPath.elements(document);
    }

    @Benchmark
    public Object idPathJdkXPath() throws XPathExpressionException {
        return idXPath.evaluate(dom, XPathConstants.NODESET);
    }

    @Benchmark
    public List<Element> positionalPathPavel() {
        return positionalPath.elements(document);
    }

    @Benchmark
    public Object positionalPathJdkXPath() throws XPathExpressionException {
        return positionalXPath.evaluate(dom, XPathConstants.NODESET);
    }
}
