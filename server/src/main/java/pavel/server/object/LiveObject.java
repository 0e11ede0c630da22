package pavel.server.object;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import pavel.server.store.ObjectStore;

/**
 * One object's data: its state (JSON text), prototype, behaviour versions, view template, mailbox and recent
 * errors. Only {@link LiveObjects} changes it; every method is synchronized on the object, and nothing slow runs
 * under that monitor (handlers run outside it, on the object's actor).
 */
final class LiveObject {
    private static final int ERRORS_KEPT = 50;

    private final String name;
    private final Instant created;
    private String state;
    private @Nullable String proto;
    private final List<BehaviourVersion> behaviours = new ArrayList<>();
    private @Nullable String view;
    private @Nullable String lastRendered;
    private final Map<String, Letter> mailbox = new LinkedHashMap<>();
    /** The behaviour each waiting letter last found no handler in; it is tried again only under another one. */
    private final Map<Letter, BehaviourVersion> triedUnder = new IdentityHashMap<>();
    private final ArrayDeque<ObjectError> errors = new ArrayDeque<>();
    private boolean deleted;
    /** Whether its actor is scheduled or running: one message at a time. */
    final AtomicBoolean running = new AtomicBoolean();
    /** Held while its view is rendered and shown (see {@code LiveObjects.stateChanged}). */
    final Object viewLock = new Object();

    LiveObject(String name, String state, Instant created) {
        this.name = name;
        this.state = state;
        this.created = created;
    }

    /** Its row as the store keeps it, as it is now. */
    synchronized ObjectStore.ObjectRow row() {
        return new ObjectStore.ObjectRow(name, state, proto, null, view, created);
    }

    /**
     * Goes back to what the store holds, after a change the store could not keep: the row, the behaviour versions it
     * has (those in memory are the same, plus at most the new ones), and its letters in the store's order. Letters
     * that were not kept are returned, for their senders to hear; letters only the store still has come back.
     */
    synchronized List<Letter> restore(ObjectStore.StoredObject stored) {
        ObjectStore.ObjectRow row = stored.row();
        state = row.state();
        proto = row.proto();
        view = row.view();
        while (behaviours.size() > stored.behaviours().size()) {
            behaviours.removeLast();
        }
        Map<String, Letter> kept = new LinkedHashMap<>();
        for (ObjectStore.StoredLetter letter : stored.letters()) {
            Letter held = mailbox.remove(letter.id());
            kept.put(letter.id(), held != null ? held
                    : new Letter(letter.id(), letter.json(), letter.received(), new java.util.concurrent.CompletableFuture<>()));
        }
        List<Letter> lost = List.copyOf(mailbox.values());
        mailbox.clear();
        mailbox.putAll(kept);
        triedUnder.keySet().retainAll(kept.values());
        return lost;
    }

    String name() {
        return name;
    }

    Instant created() {
        return created;
    }

    synchronized String state() {
        return state;
    }

    synchronized void state(String json) {
        state = json;
    }

    synchronized @Nullable String proto() {
        return proto;
    }

    synchronized void proto(@Nullable String newProto) {
        proto = newProto;
    }

    synchronized @Nullable BehaviourVersion behaviour() {
        return behaviours.isEmpty() ? null : behaviours.getLast();
    }

    synchronized List<BehaviourVersion> behaviours() {
        return List.copyOf(behaviours);
    }

    synchronized BehaviourVersion addBehaviour(String source, pavel.server.script.Behaviour compiled) {
        BehaviourVersion version = new BehaviourVersion(behaviours.size() + 1, source, Instant.now(), compiled);
        behaviours.add(version);
        return version;
    }

    /** Puts the compiled form of a version read back from the store in its place, if it is still there. */
    synchronized void compiled(BehaviourVersion stored, BehaviourVersion compiled) {
        int at = behaviours.indexOf(stored);
        if (at >= 0) {
            behaviours.set(at, compiled);
        }
    }

    /** A version read back from the store, in order. */
    synchronized void addStoredBehaviour(BehaviourVersion version) {
        behaviours.add(version);
    }

    synchronized @Nullable String view() {
        return view;
    }

    synchronized void view(@Nullable String template) {
        view = template;
    }

    synchronized @Nullable String lastRendered() {
        return lastRendered;
    }

    synchronized void lastRendered(String html) {
        lastRendered = html;
    }

    synchronized void post(Letter letter) {
        mailbox.put(letter.id(), letter);
    }

    synchronized @Nullable Letter drop(String id) {
        Letter dropped = mailbox.remove(id);
        if (dropped != null) {
            triedUnder.remove(dropped);
        }
        return dropped;
    }

    synchronized List<Letter> mailbox() {
        return List.copyOf(mailbox.values());
    }

    synchronized int mailboxSize() {
        return mailbox.size();
    }

    /** The oldest letter not yet tried under {@code behaviour}, or null. */
    synchronized @Nullable Letter next(BehaviourVersion behaviour) {
        for (Letter letter : mailbox.values()) {
            if (triedUnder.get(letter) != behaviour) {
                return letter;
            }
        }
        return null;
    }

    synchronized void unmatched(Letter letter, BehaviourVersion behaviour) {
        if (mailbox.containsKey(letter.id())) {
            triedUnder.put(letter, behaviour);
        }
    }

    synchronized void handled(Letter letter) {
        mailbox.remove(letter.id());
        triedUnder.remove(letter);
    }

    synchronized void error(ObjectError error) {
        errors.addLast(error);
        while (errors.size() > ERRORS_KEPT) {
            errors.removeFirst();
        }
    }

    synchronized List<ObjectError> errors() {
        return List.copyOf(errors);
    }

    synchronized boolean isDeleted() {
        return deleted;
    }

    synchronized List<Letter> delete() {
        deleted = true;
        List<Letter> left = List.copyOf(mailbox.values());
        mailbox.clear();
        triedUnder.clear();
        return left;
    }
}
