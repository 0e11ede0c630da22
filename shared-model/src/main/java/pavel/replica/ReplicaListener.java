package pavel.replica;

/**
 * Told after a replica changed: an op was applied or a whole document arrived.
 *
 * <pre>{@code
 * replicas.addListener((space, version) -> Platform.runLater(() -> view.render(replicas.snapshot(space))));
 * }</pre>
 *
 * <p>Called on the thread that handled the request, while that space's replica is locked, so calls for one space
 * come in version order; a listener should hand heavy work to another thread. A listener that throws is logged and
 * does not keep the others from being told.
 */
@FunctionalInterface
public interface ReplicaListener {
    /** The replica of {@code space} is now at {@code version}. */
    void changed(String space, long version);
}
