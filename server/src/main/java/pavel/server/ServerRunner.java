package pavel.server;

/** Runs a server with a configuration until it stops; {@code pavel serve} hands its parsed options to one. */
@FunctionalInterface
interface ServerRunner {

    /**
     * Runs the server.
     *
     * @param config the parsed configuration
     * @return the process exit status: 0 after a clean stop, 1 if it could not start
     */
    int run(ServerConfig config);
}
