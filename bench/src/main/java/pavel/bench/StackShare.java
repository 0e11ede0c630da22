package pavel.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a flight recording (from JMH's {@code -prof jfr}) and prints, for each method named, the share of the
 * benchmark thread's execution samples whose stack holds it: inclusive time, which is what "where does the time go"
 * needs (JFR's own views count the top frame only).
 *
 * <pre>{@code
 * java -cp "bench/target/classes:bench/target/lib/*" pavel.bench.StackShare profile.jfr \
 *     pavel.model.PlacementCheck.verify pavel.model.HtmlFragment.parse
 * }</pre>
 */
public final class StackShare {
    private StackShare() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("Usage: StackShare <recording.jfr> <package.Class.method>...");
            System.exit(2);
        }
        List<String> methods = Arrays.asList(args).subList(1, args.length);
        Map<String, Integer> hits = new LinkedHashMap<>();
        methods.forEach(m -> hits.put(m, 0));
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.stream().noneMatch(f -> name(f).contains("_jmhStub"))) {
                continue;
            }
            samples++;
            for (String method : methods) {
                if (frames.stream().anyMatch(f -> name(f).equals(method))) {
                    hits.merge(method, 1, Integer::sum);
                }
            }
        }
        System.out.printf("%d samples of the benchmark thread%n", samples);
        for (var entry : hits.entrySet()) {
            System.out.printf("%5.1f%%  %s%n", samples == 0 ? 0.0 : 100.0 * entry.getValue() / samples,
                    entry.getKey());
        }
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
