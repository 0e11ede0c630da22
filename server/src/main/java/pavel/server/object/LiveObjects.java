package pavel.server.object;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pavel.model.DocumentException;
import pavel.op.DocRequest;
import pavel.server.http.HttpStatusException;
import pavel.server.object.Letter.Delivery;
import pavel.server.script.Behaviour;
import pavel.server.script.BehaviourException;
import pavel.server.script.HandlerRun;
import pavel.server.script.ScriptEngine;
import pavel.server.session.SessionRegistry;
import pavel.server.space.Spaces;
import pavel.server.store.MemoryObjectStore;
import pavel.server.store.ObjectStore;
import pavel.server.store.ObjectStore.ObjectChange;
import pavel.server.store.ObjectStore.ObjectRow;
import pavel.server.store.ObjectStore.StoredBehaviour;
import pavel.server.store.ObjectStore.StoredLetter;
import pavel.server.store.ObjectStore.StoredObject;
import pavel.server.store.StoreException;

/**
 * Every live object, and the actors that run their messages: one message at a time per object, many objects in
 * parallel on a pool of platform threads. A message no handler matches waits in the mailbox and is tried again when the
 * behaviour (the object's or a prototype's) changes. After each state change the view is rendered into every
 * {@code data-object} mount. {@link ObjectRoutes} serves it over REST; the console and the benchmarks use it
 * directly.
 *
 * <pre>{@code
 * objects.put("counter", "{\"count\":0}");
 * objects.putBehaviour("counter", "on({type: 'inc'}, (m, self) => { self.state.count++; });");
 * objects.post("counter", "{\"type\":\"inc\"}").outcome();   // completes when the counter's actor has run it
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LiveObjects implements AutoCloseable {

    /** How long {@code ?reply} waits for a handler. */
    public static final Duration REPLY_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(LiveObjects.class);
    private static final int MAX_PROTO_DEPTH = 32;
    private static final int ACTOR_THREADS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private static final long MAX_DELAY_MILLIS = TimeUnit.DAYS.toMillis(1);
    private static final long STORE_RETRY_SECONDS = 1;

    private final Map<String, LiveObject> objects = new ConcurrentHashMap<>();
    private final ScriptEngine scripts;
    private final Spaces spaces;
    private final ObjectConsole console;
    private final ViewRenderer views;
    private final ViewMounts mounts;
    /**
     * Platform threads, not virtual ones: the script watchdog measures a handler's allocation per thread, which the
     * JDK does not do for virtual threads. Enough of them that a few handlers spending their whole time budget do
     * not hold up the rest.
     */
    private final ExecutorService actors = Executors.newFixedThreadPool(ACTOR_THREADS,
            Thread.ofPlatform().name("pavel-actor-", 0).daemon(true).factory());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pavel-object-timers").daemon(true).factory());
    private final AtomicLong letterIds;
    private final ObjectStore store;

    /** Objects kept in memory only, for tests that need no disk. */
    public LiveObjects(ScriptEngine scripts, Spaces spaces, SessionRegistry sessions, ObjectMapper json) {
        this(scripts, spaces, sessions, json, new MemoryObjectStore());
    }

    /**
     * Loads the objects {@code store} holds (their newest behaviours compiled, their waiting letters run again) and
     * keeps every change there before it is acknowledged.
     */
    public LiveObjects(ScriptEngine scripts, Spaces spaces, SessionRegistry sessions, ObjectMapper json,
            ObjectStore store) {
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.spaces = Objects.requireNonNull(spaces, "spaces");
        this.store = Objects.requireNonNull(store, "store");
        this.console = new ObjectConsole(sessions);
        this.views = new ViewRenderer(json);
        this.mounts = new ViewMounts(spaces);
        long newestLetter = 0;
        for (StoredObject stored : store.loadObjects()) {
            objects.put(stored.row().name(), revive(stored));
            for (StoredLetter letter : stored.letters()) {
                newestLetter = Math.max(newestLetter, letterNumber(letter.id()));
            }
        }
        // Letter ids must not repeat those of an earlier run, which clients may still hold.
        this.letterIds = new AtomicLong(Math.max(newestLetter, System.currentTimeMillis() * 1_000));
        spaces.addChangeListener(new NewMounts(this));
        if (!objects.isEmpty()) {
            log.info("Loaded {} objects from the store", objects.size());
            for (LiveObject object : objects.values()) {
                compileInBackground(object);
                if (viewOf(object) != null) {
                    showView(object.name()); // a crash may have come between a state change and its view
                }
            }
        }
    }

    /**
     * An object as the store keeps it, its behaviours not compiled yet: {@link #compileInBackground} does that, so
     * that a world of many objects starts without waiting for all of them.
     */
    private LiveObject revive(StoredObject stored) {
        ObjectRow row = stored.row();
        LiveObject object = new LiveObject(row.name(), row.state(), row.created());
        object.proto(row.proto());
        object.view(row.view());
        for (StoredBehaviour behaviour : stored.behaviours()) {
            object.addStoredBehaviour(new BehaviourVersion(behaviour.version(), behaviour.source(),
                    behaviour.created(), null));
        }
        for (StoredLetter letter : stored.letters()) {
            object.post(new Letter(letter.id(), letter.json(), letter.received(), new CompletableFuture<>()));
        }
        return object;
    }

    /** Compiles a revived object's newest behaviour (only it runs) on an actor thread, then runs its waiting letters. */
    private void compileInBackground(LiveObject object) {
        BehaviourVersion newest = object.behaviour();
        if (newest == null || newest.compiled() != null) {
            wake(object);
            return;
        }
        try {
            actors.execute(() -> {
                try {
                    Behaviour compiled = scripts.compile(newest.source());
                    object.compiled(newest, new BehaviourVersion(newest.version(), newest.source(), newest.activated(),
                            compiled));
                } catch (BehaviourException e) {
                    log.error("The behaviour of {} (version {}) does not compile any more: {}", object.name(),
                            newest.version(), e.getMessage());
                }
                objects.values().forEach(this::wake); // objects whose prototype this is run it too
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private static long letterNumber(String id) {
        try {
            return Long.parseLong(id, 36);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- reading ----

    /** Every object, by name. */
    List<LiveObject> list() {
        List<LiveObject> all = new ArrayList<>(objects.values());
        all.sort(Comparator.comparing(LiveObject::name));
        return all;
    }

    /** How many objects there are. */
    public int count() {
        return objects.size();
    }

    /** The state of the object of that name, as JSON; {@code 404} when there is none. */
    public String state(String name) {
        return require(name).state();
    }

    /** How many messages wait in the mailbox of the object of that name; {@code 404} when there is none. */
    public int mailboxSize(String name) {
        return require(name).mailboxSize();
    }

    /** The object of that name; {@code 404} when there is none. */
    LiveObject require(String name) {
        LiveObject object = objects.get(name);
        if (object == null) {
            throw HttpStatusException.notFound("There is no object " + name + "; PUT /objects/" + name
                    + " creates it.");
        }
        return object;
    }

    /** The behaviour that runs an object's messages: its own, else its prototype's, up the chain. */
    @Nullable BehaviourVersion behaviourOf(LiveObject object) {
        return lookUp(object, LiveObject::behaviour);
    }

    /** The view template that renders an object: its own, else its prototype's, up the chain. */
    @Nullable String viewOf(LiveObject object) {
        return lookUp(object, LiveObject::view);
    }

    private <T> @Nullable T lookUp(LiveObject object, Function<LiveObject, @Nullable T> own) {
        LiveObject current = object;
        for (int depth = 0; current != null && depth < MAX_PROTO_DEPTH; depth++) {
            T found = own.apply(current);
            if (found != null) {
                return found;
            }
            String proto = current.proto();
            current = proto == null ? null : objects.get(proto);
        }
        return null;
    }

    // ---- changing ----

    /**
     * Creates an object with this state, or replaces the state of an existing one, and renders its view.
     *
     * @param stateJson a JSON object
     * @return true when it was created
     */
    public boolean put(String name, String stateJson) {
        requireName(name);
        LiveObject object;
        boolean created;
        CompletableFuture<Void> stored;
        synchronized (this) {
            object = objects.get(name);
            created = object == null;
            if (created) {
                object = new LiveObject(name, stateJson, Instant.now());
                objects.put(name, object);
            }
            synchronized (object) {
                object.state(stateJson);
                stored = store.write(new ObjectChange.Saved(object.row()));
            }
        }
        keep(name, stored);
        stateChanged(object);
        return created;
    }

    /** Deletes an object: its waiting messages are dropped and its mounts emptied. */
    public void delete(String name) {
        LiveObject object;
        List<Letter> dropped;
        CompletableFuture<Void> stored;
        synchronized (this) {
            object = require(name);
            synchronized (object) {
                dropped = object.delete();
                stored = store.write(new ObjectChange.Deleted(name));
            }
            objects.remove(name);
        }
        keep(name, stored);
        for (Letter letter : dropped) {
            letter.outcome().complete(new Delivery.Waiting());
        }
        scripts.contexts().evict(name);
        synchronized (object.viewLock) {
            showQuietly(object, "");
        }
    }

    /**
     * Puts a message (a JSON object) into the object's mailbox; returns once it is durable, and its actor runs it
     * when it can.
     */
    public Letter post(String name, String messageJson) {
        LiveObject object = require(name);
        Letter letter = new Letter(Long.toString(letterIds.incrementAndGet(), 36), messageJson, Instant.now(),
                new CompletableFuture<>());
        CompletableFuture<Void> stored;
        synchronized (object) {
            if (object.isDeleted()) {
                throw HttpStatusException.notFound("There is no object " + name + "; it was deleted.");
            }
            object.post(letter);
            stored = store.write(new ObjectChange.Posted(name,
                    new StoredLetter(letter.id(), letter.json(), letter.received())));
        }
        keep(name, stored);
        if (behaviourOf(object) == null) {
            letter.outcome().complete(new Delivery.Waiting());
        }
        wake(object);
        return letter;
    }

    /** Drops a waiting message; {@code 404} when it is not (or no longer) waiting. */
    void drop(String name, String id) {
        LiveObject object = require(name);
        Letter dropped;
        CompletableFuture<Void> stored;
        synchronized (object) {
            dropped = object.drop(id);
            if (dropped == null) {
                throw HttpStatusException.notFound("No message " + id + " waits in the mailbox of " + name + ".");
            }
            stored = store.write(new ObjectChange.Dropped(name, id));
        }
        keep(name, stored);
        dropped.outcome().complete(new Delivery.Waiting());
    }

    /**
     * Waits for a change of {@code name} to be durable. When the store could not keep it, the object goes back to
     * what the store holds and the failure is thrown (a {@code 507} or {@code 503} for the client).
     */
    private void keep(String name, CompletableFuture<Void> stored) {
        try {
            StoreException.await(stored);
        } catch (StoreException e) {
            restore(name);
            throw e;
        }
    }

    /** Takes an object back to what the store holds (or away, when it holds none), after a change was not kept. */
    private void restore(String name) {
        Optional<StoredObject> stored;
        try {
            stored = store.loadObject(name);
        } catch (StoreException e) {
            log.error("Object {} could not be read back from the store after a failed change: {}", name,
                    e.getMessage());
            return;
        }
        LiveObject object;
        List<Letter> lost = List.of();
        synchronized (this) {
            object = objects.get(name);
            if (stored.isEmpty()) {
                if (object != null) {
                    objects.remove(name);
                    lost = object.delete();
                }
            } else if (object == null || object.isDeleted()) {
                object = revive(stored.get());
                objects.put(name, object);
                compileInBackground(object);
            } else {
                lost = object.restore(stored.get());
            }
        }
        log.warn("Object {} went back to what the store holds after a change could not be kept", name);
        for (Letter letter : lost) {
            letter.outcome().complete(new Delivery.Waiting());
        }
        if (object != null && stored.isPresent()) {
            stateChanged(object);
            wake(object);
        }
    }

    /**
     * Compiles and activates a behaviour; the waiting messages are tried again under it.
     *
     * @throws BehaviourException for a syntax error (with line and column); the old behaviour stays
     */
    public BehaviourVersion putBehaviour(String name, String source) {
        LiveObject object = require(name);
        Behaviour compiled = onActorThread(() -> scripts.compile(source));
        BehaviourVersion version;
        CompletableFuture<Void> stored;
        synchronized (object) {
            version = object.addBehaviour(source, compiled);
            stored = store.write(new ObjectChange.BehaviourAdded(name,
                    new StoredBehaviour(version.version(), source, version.activated())));
        }
        keep(name, stored);
        log.info("Object {} runs behaviour version {}", name, version.version());
        objects.values().forEach(this::wake); // objects whose prototype this is run it too
        return version;
    }

    /**
     * Runs guest code (a behaviour's top level, when it is compiled) where handlers run: on a platform thread, where
     * the watchdog can hold it to its allocation budget, and not on the request's virtual thread.
     */
    private <T> T onActorThread(Callable<T> task) {
        try {
            return actors.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a behaviour was compiled", e);
        }
    }

    /** Sets the view template (checked first) and renders it. */
    public void putView(String name, String template) {
        LiveObject object = require(name);
        views.check(template);
        CompletableFuture<Void> stored;
        synchronized (object) {
            object.view(template);
            stored = store.write(new ObjectChange.Saved(object.row()));
        }
        keep(name, stored);
        for (LiveObject each : objects.values()) {
            if (each == object || template.equals(viewOf(each))) {
                stateChanged(each);
            }
        }
    }

    /**
     * Sets the prototype (or none, for an empty name).
     *
     * @throws HttpStatusException 404 for an unknown prototype, 409 for a chain that would loop
     */
    public void putProto(String name, @Nullable String proto) {
        LiveObject object;
        CompletableFuture<Void> stored;
        synchronized (this) {
            object = require(name);
            if (proto != null) {
                Set<String> seen = new HashSet<>();
                seen.add(name);
                for (String p = proto; p != null; p = require(p).proto()) {
                    if (!seen.add(p)) {
                        throw new HttpStatusException(HttpResponseStatus.CONFLICT, "Making " + proto
                                + " the prototype of " + name + " would make the chain loop through " + p + ".");
                    }
                }
            }
            synchronized (object) {
                object.proto(proto);
                stored = store.write(new ObjectChange.Saved(object.row()));
            }
        }
        keep(name, stored);
        wake(object);
        stateChanged(object);
    }

    /** Renders the object's view now (the answer of a template-on-PUT), or {@code ""} without one. */
    String rendered(LiveObject object) {
        String last = object.lastRendered();
        return last != null ? last : render(object);
    }

    // ---- the actor ----

    private void wake(LiveObject object) {
        if (object.running.compareAndSet(false, true)) {
            try {
                actors.execute(() -> drain(object));
            } catch (RejectedExecutionException e) {
                object.running.set(false); // shutting down
            }
        }
    }

    private void drain(LiveObject object) {
        while (true) {
            BehaviourVersion behaviour = runnable(behaviourOf(object));
            Letter next = behaviour == null || object.isDeleted() ? null : object.next(behaviour);
            if (next == null) {
                object.running.set(false);
                // A letter that came after next() looked, or a new behaviour, must not wait for the next wake.
                BehaviourVersion now = runnable(behaviourOf(object));
                if (now == null || object.isDeleted() || object.next(now) == null
                        || !object.running.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (!deliver(object, behaviour, next)) {
                // The store could not keep the outcome; the letter waits again. Try later, not in a tight loop.
                object.running.set(false);
                timers.schedule(() -> wake(object), STORE_RETRY_SECONDS, TimeUnit.SECONDS);
                return;
            }
        }
    }

    /** The behaviour if it can run: one read back from the store that no longer compiles cannot. */
    private static @Nullable BehaviourVersion runnable(@Nullable BehaviourVersion behaviour) {
        return behaviour == null || behaviour.compiled() == null ? null : behaviour;
    }

    /** Runs one letter; false when the store could not keep what came of it. */
    private boolean deliver(LiveObject object, BehaviourVersion behaviour, Letter letter) {
        String before = object.state();
        HandlerRun run;
        try {
            run = scripts.contexts().run(Objects.requireNonNull(behaviour.compiled()), object.name(), before, letter.json(),
                    new ObjectHost(this, object.name()));
        } catch (RuntimeException e) {
            log.error("Running a message of {} failed", object.name(), e);
            run = new HandlerRun.Failed("The runtime failed: " + e, "");
        }
        switch (run) {
            case HandlerRun.NoMatch noMatch -> {
                object.unmatched(letter, behaviour);
                letter.outcome().complete(new Delivery.Waiting());
            }
            case HandlerRun.Done done -> {
                CompletableFuture<Void> stored;
                synchronized (object) {
                    object.state(done.newStateJson());
                    object.handled(letter);
                    stored = store.write(new ObjectChange.Handled(object.name(), letter.id(), done.newStateJson()));
                }
                if (!kept(object, letter, stored)) {
                    return false;
                }
                letter.outcome().complete(new Delivery.Replied(done.replyJson() == null ? "null" : done.replyJson()));
                if (!done.newStateJson().equals(before)) {
                    stateChanged(object);
                }
            }
            case HandlerRun.Failed failed -> {
                CompletableFuture<Void> stored;
                synchronized (object) {
                    object.handled(letter);
                    stored = store.write(new ObjectChange.Dropped(object.name(), letter.id()));
                }
                object.error(new ObjectError(Instant.now(), failed.message(), failed.jsStack(), letter.id()));
                console.print(object.name(), "error: " + failed.message());
                if (!kept(object, letter, stored)) {
                    return false;
                }
                letter.outcome().complete(new Delivery.Failed(failed.message()));
            }
        }
        return true;
    }

    /**
     * Whether a handler's outcome is durable. When it is not, the object goes back to what the store holds (the letter
     * waits again, to be run once the store can keep its outcome) and a caller waiting for the reply hears why.
     */
    private boolean kept(LiveObject object, Letter letter, CompletableFuture<Void> stored) {
        try {
            StoreException.await(stored);
            return true;
        } catch (StoreException e) {
            letter.outcome().completeExceptionally(e);
            restore(object.name());
            return false;
        }
    }

    // ---- what handlers can do (ObjectHost) ----

    void after(String name, long millis, String messageJson) {
        timers.schedule(() -> {
            if (objects.containsKey(name)) {
                post(name, messageJson);
            }
        }, Math.clamp(millis, 0, MAX_DELAY_MILLIS), TimeUnit.MILLISECONDS);
    }

    void log(String name, String line) {
        console.print(name, line);
    }

    Spaces spaces() {
        return spaces;
    }

    // ---- views ----

    /**
     * Renders the view and shows it in every mount. One at a time per object, each rendering the state as it is
     * then, so that a slower rendering of an older state never lands after a newer one.
     */
    private void stateChanged(LiveObject object) {
        synchronized (object.viewLock) {
            String html = render(object);
            if (viewOf(object) != null) {
                showQuietly(object, html);
            }
        }
    }

    /** Shows the object's view in its mounts, soon, off the caller's thread (a space's writer, for new mounts). */
    void showView(String name) {
        LiveObject object = objects.get(name);
        if (object != null && viewOf(object) != null) {
            try {
                actors.execute(() -> stateChanged(object));
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private String render(LiveObject object) {
        String template = viewOf(object);
        if (template == null) {
            return "";
        }
        try {
            String html = views.render(template, object.state());
            object.lastRendered(html);
            return html;
        } catch (DocumentException e) {
            object.error(new ObjectError(Instant.now(), e.getMessage(), "", null));
            return object.lastRendered() == null ? "" : Objects.requireNonNull(object.lastRendered());
        }
    }

    private void showQuietly(LiveObject object, String html) {
        try {
            mounts.show(object.name(), html);
        } catch (DocumentException e) {
            object.error(new ObjectError(Instant.now(), "The view could not be shown: " + e.getMessage(), "", null));
            console.print(object.name(), "view: " + e.getMessage());
        }
    }

    private static void requireName(String name) {
        if (!DocRequest.isSpaceName(name)) {
            throw HttpStatusException.badRequest("'" + name + "' is not an object name: a letter or digit, then up to"
                    + " 63 letters, digits, '.', '_' or '-'.");
        }
    }

    /** Stops the actors and timers; messages in flight are abandoned. */
    @Override
    public void close() {
        timers.shutdownNow();
        actors.shutdownNow();
    }
}
