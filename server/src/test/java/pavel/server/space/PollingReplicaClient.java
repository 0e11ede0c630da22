package pavel.server.space;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import pavel.ptth.PtthJson;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;
import pavel.replica.SpaceReplicas;
import pavel.server.testing.TestServer;

/**
 * A long-poll client with a real replica, on one virtual thread: {@code batch > 0} behaves like {@code ptth.js} in
 * a browser ({@code Pavel-Batch}, resumes with {@code Pavel-Session} after a reload), {@code batch == 0} speaks the
 * plain JSON flavour (one request per poll). Tests pause it (its queue fills up and overflows), reload it (its
 * replica is lost) and read its replica.
 */
final class PollingReplicaClient implements AutoCloseable {
    private final TestServer server;
    private final String space;
    private final int batch;
    private final HttpClient http;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition unpaused = lock.newCondition();
    private final Thread loop;
    private volatile SpaceReplicas replicas = new SpaceReplicas();
    private volatile boolean running = true;
    private boolean paused;
    private boolean reloadWanted;
    private @Nullable String sessionId;
    private @Nullable String queue;
    private List<ReverseResponse> answers = new ArrayList<>();

    PollingReplicaClient(TestServer server, String space, int batch) {
        this.server = server;
        this.space = space;
        this.batch = batch;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        this.loop = Thread.ofVirtual().name("poller-" + space).start(this::run);
    }

    SpaceReplicas replicas() {
        return replicas;
    }

    /** Stops polling until {@link #unpause()}: the server queues for it meanwhile. */
    void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    void unpause() {
        lock.lock();
        try {
            paused = false;
            unpaused.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Like a browser reload: the replica and unsent answers are gone; the session is resumed by id. */
    void reload() {
        lock.lock();
        try {
            reloadWanted = true;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (running) {
            try {
                awaitUnpaused();
                if (takeReload()) {
                    replicas = new SpaceReplicas();
                    answers = new ArrayList<>();
                    queue = null;
                }
                if (queue == null) {
                    open();
                }
                poll();
            } catch (IOException e) {
                if (running) {
                    queue = null; // open again, resuming the session by id
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void awaitUnpaused() throws InterruptedException {
        lock.lock();
        try {
            while (paused && running) {
                unpaused.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean takeReload() {
        lock.lock();
        try {
            boolean wanted = reloadWanted;
            reloadWanted = false;
            return wanted;
        } finally {
            lock.unlock();
        }
    }

    private void open() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/ptth"))
                .timeout(Duration.ofSeconds(10))
                .header("Pavel-View", space)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (sessionId != null) {
            request.header("Pavel-Session", sessionId);
        }
        String held = replicas.resumeHeaderValue();
        if (held != null) {
            request.header("Pavel-Version", held);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST /ptth answered " + response.statusCode());
        }
        var created = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        sessionId = created.get("session").asText();
        queue = created.get("queue").asText();
    }

    private void poll() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(queue))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        String body = "";
        if (!answers.isEmpty()) {
            body = batch > 0 ? PtthJson.writeResponses(answers) : PtthJson.write(answers.getFirst());
            request.header("Content-Type", "application/json");
        }
        if (batch > 0) {
            request.header("Pavel-Batch", Integer.toString(batch));
        }
        request.POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            sessionId = null;
            queue = null;
            answers = new ArrayList<>();
            return;
        }
        if (response.statusCode() != 200) {
            throw new IOException("The poll answered " + response.statusCode() + ": " + response.body());
        }
        List<ReverseResponse> next = new ArrayList<>();
        for (ReverseRequest reverse : PtthJson.readRequests(response.body())) {
            next.add(replicas.handle(reverse));
        }
        answers = next;
    }

    @Override
    public void close() {
        running = false;
        unpause();
        loop.interrupt();
        http.close();
    }
}
