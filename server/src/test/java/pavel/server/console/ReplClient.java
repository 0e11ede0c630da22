package pavel.server.console;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A person at {@code nc}: connects to the TCP console, sends lines and reads what comes back up to the next prompt.
 * Reads time out after {@link #READ_TIMEOUT} rather than hang a test.
 */
final class ReplClient implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Socket socket;
    private final Reader in;
    private final OutputStream out;

    private ReplClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        this.in = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8);
        this.out = socket.getOutputStream();
    }

    /** Connects; nothing is read yet. */
    static ReplClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
        return new ReplClient(socket);
    }

    /** Connects and reads the greeting up to the first prompt. */
    static ReplClient greeted(int port) throws IOException {
        ReplClient client = connect(port);
        client.untilPrompt();
        return client;
    }

    /** Sends one line and answers what came back before the next prompt, without the last line break. */
    String send(String line) throws IOException {
        write(line + "\n");
        return untilPrompt();
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Everything up to the next {@code pavel> } or {@code ... } prompt (which is left out), or to the end. */
    String untilPrompt() throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            text.append((char) c);
            if (endsWithPrompt(text)) {
                break;
            }
        }
        return strip(text);
    }

    /** Everything until the server closes the connection. */
    String untilEnd() throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            text.append((char) c);
        }
        return text.toString();
    }

    /** Ends the sending side, as {@code nc} does at the end of its input. */
    void endInput() throws IOException {
        socket.shutdownOutput();
    }

    private static boolean endsWithPrompt(StringBuilder text) {
        return endsWith(text, ConsoleConnection.PROMPT) || text.toString().equals(ConsoleConnection.MORE)
                || endsWith(text, "\n" + ConsoleConnection.MORE);
    }

    private static boolean endsWith(StringBuilder text, String end) {
        return text.length() >= end.length() && text.substring(text.length() - end.length()).equals(end);
    }

    private static String strip(StringBuilder text) {
        String s = text.toString();
        for (String prompt : new String[] {ConsoleConnection.PROMPT, ConsoleConnection.MORE}) {
            if (s.endsWith(prompt)) {
                s = s.substring(0, s.length() - prompt.length());
                break;
            }
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
