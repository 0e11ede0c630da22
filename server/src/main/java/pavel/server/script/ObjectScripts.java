package pavel.server.script;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The objects' contexts: one per object, created when its first message comes (or after its behaviour changed),
 * dropped when it has been idle for {@link ScriptConfig#contextIdleTimeout()}, when there are more than
 * {@link ScriptConfig#maxContexts()}, or when a budget stopped it. Dropping loses nothing: the state lives in the
 * JSON that goes in and out of {@link #run}; only variables of the behaviour's top level start afresh.
 *
 * <p>Thread-safe. Runs for one object are serialised (the actor layer sends one message at a time anyway); runs
 * for different objects go in parallel, each on the caller's thread.
 */
public final class ObjectScripts implements AutoCloseable {
    private final ScriptEngine engine;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    ObjectScripts(ScriptEngine engine) {
        this.engine = engine;
    }

    /**
     * Runs one message through an object's behaviour on the calling thread: the first handler whose shape matches
     * it runs with a fresh {@code self} made from {@code stateJson}.
     *
     * @param behaviour the object's current behaviour; another one than last time gives the object a fresh context
     * @param object the object's name ({@code self.name})
     * @param stateJson the object's state as JSON
     * @param messageJson the message as JSON
     * @param host what {@code self.send}, {@code self.after}, {@code log} and {@code world} reach, during this run
     * @return {@link HandlerRun.NoMatch}, {@link HandlerRun.Done} with the state to commit and the reply, or
     *     {@link HandlerRun.Failed}; never throws for anything the behaviour does
     */
    public HandlerRun run(Behaviour behaviour, String object, String stateJson, String messageJson, Host host) {
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(stateJson, "stateJson");
        Objects.requireNonNull(messageJson, "messageJson");
        Objects.requireNonNull(host, "host");
        while (true) {
            Slot slot = slots.computeIfAbsent(object, name -> new Slot());
            slot.lock.lock();
            try {
                if (slot.removed) {
                    continue; // evicted between the lookup and the lock: take the new slot
                }
                return runLocked(slot, behaviour, object, stateJson, messageJson, host);
            } finally {
                slot.lastUsed = System.nanoTime();
                slot.lock.unlock();
            }
        }
    }

    private HandlerRun runLocked(Slot slot, Behaviour behaviour, String object, String stateJson, String messageJson,
            Host host) {
        ObjectContext context = slot.context;
        if (context != null && context.behaviour() != behaviour) {
            drop(slot);
            context = null;
        }
        if (context == null) {
            ObjectContext.Opened opened = ObjectContext.open(engine, behaviour);
            if (opened.context() == null) {
                return Objects.requireNonNull(opened.failure());
            }
            context = opened.context();
            slot.context = context;
            if (open.incrementAndGet() > engine.config().maxContexts()) {
                engine.sweepSoon();
            }
        }
        HandlerRun result = context.handle(object, stateJson, messageJson, host);
        if (context.broken()) {
            drop(slot);
        }
        return result;
    }

    private void drop(Slot slot) {
        ObjectContext context = slot.context;
        if (context != null) {
            slot.context = null;
            open.decrementAndGet();
            context.close();
        }
    }

    /** Drops an object's context (when the object is deleted, say). Waits for a message it is running. */
    public void evict(String object) {
        Slot slot = slots.get(object);
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            remove(object, slot);
        } finally {
            slot.lock.unlock();
        }
    }

    private void remove(String object, Slot slot) {
        drop(slot);
        slot.removed = true;
        slots.remove(object, slot);
    }

    /** How many objects have a context now. */
    public int contextCount() {
        return open.get();
    }

    /** Drops the contexts idle for longer than the timeout, then the least recently used beyond the most allowed. */
    void sweep() {
        long now = System.nanoTime();
        long idleNanos = engine.config().contextIdleTimeout().toNanos();
        List<Map.Entry<String, Slot>> idle = new ArrayList<>();
        for (Map.Entry<String, Slot> entry : slots.entrySet()) {
            Slot slot = entry.getValue();
            if (now - slot.lastUsed > idleNanos && slot.lock.tryLock()) {
                try {
                    if (!slot.removed && now - slot.lastUsed > idleNanos) {
                        remove(entry.getKey(), slot);
                    }
                } finally {
                    slot.lock.unlock();
                }
            } else {
                idle.add(entry);
            }
        }
        int excess = open.get() - engine.config().maxContexts();
        if (excess <= 0) {
            return;
        }
        idle.sort(Comparator.comparingLong(entry -> entry.getValue().lastUsed));
        for (Map.Entry<String, Slot> entry : idle) {
            if (excess <= 0) {
                break;
            }
            Slot slot = entry.getValue();
            if (slot.lock.tryLock()) {
                try {
                    if (!slot.removed && slot.context != null) {
                        remove(entry.getKey(), slot);
                        excess--;
                    }
                } finally {
                    slot.lock.unlock();
                }
            }
        }
    }

    /** Closes every context; waits for the messages that are running. */
    @Override
    public void close() {
        for (Map.Entry<String, Slot> entry : slots.entrySet()) {
            Slot slot = entry.getValue();
            slot.lock.lock();
            try {
                remove(entry.getKey(), slot);
            } finally {
                slot.lock.unlock();
            }
        }
    }

    /** An object's place: its lock, its context if it has one, when it last ran. Fields guarded by the lock. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        @Nullable ObjectContext context;
        volatile long lastUsed = System.nanoTime();
        boolean removed;
    }
}
