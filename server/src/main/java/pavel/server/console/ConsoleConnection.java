package pavel.server.console;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.server.script.Evaluation;
import pavel.server.script.Repl;

/**
 * One TCP console connection: greets, prompts {@code pavel> }, evaluates each line in the connection's own
 * {@link Repl} and prints its {@code log(...)} lines and its result or error. An input that is not finished
 * (<code>function f() &#123;</code>) gathers the next lines under a {@code ... } prompt. Commands: {@code .help},
 * {@code .break} (drop the unfinished input) and {@code .exit}. The connection closes at the end of its input, on
 * {@code .exit}, after {@link ConsoleConfig#idleTimeout()} without a line, or when the server closes it.
 *
 * <p>Runs on its own platform thread (so that the allocation budget is measured); owns its socket and REPL.
 */
final class ConsoleConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleConnection.class);
    static final String PROMPT = "pavel> ";
    static final String MORE = "... ";
    static final String GREETING = "Pavel console: JavaScript (strict mode) with world in scope. "
            + ".help lists what it can do, .exit leaves.\n";
    static final String HELP = """
            world.objects()             the names of every object
            world.object(name)          an object: {name, proto, state, mailbox, behavior, errors}
            world.put(name, state)      create an object, or replace its state
            world.send(name, message)   put a message in an object's mailbox
            world.doc(space)            .get(path), .put(path, html), .append(path, html), .remove(path)
            log(...)                    print a line
            .break                      drop an unfinished input of several lines
            .exit                       leave
            Declarations stay from one line to the next; each input has the time budget of a handler.
            """;
    /** A console command: a dot and letters (so that {@code .5 + 1} is still JavaScript). */
    private static final Pattern COMMAND = Pattern.compile("\\.[a-z]+");

    private final Socket socket;
    private final Console console;
    private final ConsoleConfig config;
    private final Consumer<ConsoleConnection> onClose;

    /** @param onClose told once when the connection has ended */
    ConsoleConnection(Socket socket, Console console, ConsoleConfig config, Consumer<ConsoleConnection> onClose) {
        this.socket = socket;
        this.console = console;
        this.config = config;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setSoTimeout((int) config.idleTimeout().toMillis());
            socket.setTcpNoDelay(true);
            LineReader in = new LineReader(new BufferedInputStream(socket.getInputStream()), config.maxLineBytes());
            Writer out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
            out.write(GREETING);
            out.flush(); // before the REPL opens, which takes a moment on a cold engine
            try (Repl repl = console.open()) {
                converse(in, out, repl);
            }
            out.flush();
        } catch (IOException e) {
            LOG.debug("Console connection {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("Console connection {} failed", socket.getRemoteSocketAddress(), e);
        } finally {
            onClose.accept(this);
        }
    }

    /** Closes the socket, which ends {@link #run()} at its next read or write. */
    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a console connection failed", e);
        }
    }

    private void converse(LineReader in, Writer out, Repl repl) throws IOException {
        StringBuilder unfinished = new StringBuilder();
        while (true) {
            out.write(unfinished.isEmpty() ? PROMPT : MORE);
            out.flush();
            LineReader.Line line;
            try {
                line = in.next();
            } catch (SocketTimeoutException e) {
                out.write("\nClosing the console after " + describe(config.idleTimeout()) + " without input.\n");
                return;
            }
            switch (line) {
                case null -> {
                    out.write("\n");
                    return;
                }
                case LineReader.TooLong(int limit) -> {
                    out.write("That line is longer than " + limit + " bytes; it was not run"
                            + (unfinished.isEmpty() ? "." : ", nor the lines before it.") + "\n");
                    unfinished.setLength(0);
                }
                case LineReader.Text(String text) -> {
                    if (!take(text, unfinished, repl, out)) {
                        return;
                    }
                }
            }
        }
    }

    /** Runs a command or evaluates a line; answers whether to go on. */
    private boolean take(String text, StringBuilder unfinished, Repl repl, Writer out) throws IOException {
        String command = text.strip();
        if (COMMAND.matcher(command).matches()) {
            switch (command) {
                case ".exit" -> {
                    out.write("Bye.\n");
                    return false;
                }
                case ".help" -> out.write(HELP);
                case ".break" -> unfinished.setLength(0);
                default -> out.write("There is no command " + command + "; .help lists them.\n");
            }
            return true;
        }
        if (unfinished.isEmpty() && command.isEmpty()) {
            return true;
        }
        String input = unfinished.isEmpty() ? text : unfinished + "\n" + text;
        unfinished.setLength(0);
        if (input.length() > config.maxLineBytes()) {
            out.write("That input is longer than " + config.maxLineBytes() + " characters; it was not run.\n");
            return true;
        }
        Evaluation outcome = console.evaluate(repl, input);
        if (outcome instanceof Evaluation.Incomplete) {
            unfinished.append(input);
            return true;
        }
        for (String logged : outcome.logs()) {
            out.write(logged + "\n");
        }
        out.write(outcome.text() + "\n");
        return true;
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + (seconds == 60 ? " minute" : " minutes");
        }
        return duration.toMillis() + " ms";
    }
}
