package pavel.desktop.ptth;

import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * Answers one reversed request (the server's request to this client). Runs on the configured handler executor
 * (virtual threads by default), never on an event loop, so it may block. An exception becomes a {@code 500}
 * answer; either way the answer goes out in request order (RFC 9112 §9.3.2).
 *
 * <p>In the upgrade flavour the request's {@code messageId} is made up by the client ({@code u-1}, {@code u-2}, …)
 * and its {@code httpVersion} is {@code HTTP/1.1}; the answer's message id and version are not sent.
 */
@FunctionalInterface
public interface ReverseHandler {
    ReverseResponse handle(ReverseRequest request) throws Exception;
}
