package pavel.server.http;

/** Where a route's {@link Handler} runs. */
public enum Execution {

    /**
     * On the connection's Netty event loop, inside the read. Only for handlers that neither block nor take
     * long: health checks and answers from memory.
     */
    EVENT_LOOP,

    /**
     * On a new virtual thread; the response is written back on the event loop when the handler returns.
     * The default: use it for anything that touches files, the store or scripts, or that waits.
     */
    VIRTUAL_THREAD
}
