package pavel.desktop.ptth;

import java.util.function.UnaryOperator;

/** {@link ReversedExchangeContract} on the client's pipeline in an {@code EmbeddedChannel}. */
final class EmbeddedReversedExchangeTest extends ReversedExchangeContract {
    @Override
    Peer open(UnaryOperator<PtthClientConfig.Builder> configure, ReverseHandler handler) {
        return new EmbeddedPeer(configure, handler);
    }
}
