package pavel.desktop.replica;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import pavel.op.DocRequest;
import pavel.ptth.Header;
import pavel.replica.SpaceReplicas;

/**
 * The {@code Pavel-Version} field for each handshake, read from the replicas at that moment ({@code lab=7, main=42}),
 * so that a client that reconnects gets only the ops it missed (PTTH.md §0 "resume"); no field while it holds no
 * replica. Give it to {@code PtthClientConfig.Builder.dynamicHeaders}, see {@link ReplicaRoutes}. Thread-safe.
 */
public final class ResumeHeaders implements Supplier<List<Header>> {
    private final SpaceReplicas replicas;

    public ResumeHeaders(SpaceReplicas replicas) {
        this.replicas = Objects.requireNonNull(replicas, "replicas");
    }

    @Override
    public List<Header> get() {
        String versions = replicas.resumeHeaderValue();
        return versions == null ? List.of() : List.of(new Header(DocRequest.VERSION, versions));
    }

    @Override
    public String toString() {
        return "ResumeHeaders[" + replicas + "]";
    }
}
