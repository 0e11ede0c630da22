package pavel.server.script;

/**
 * What a handler may reach outside its object: the callbacks behind {@code self.send}, {@code self.after},
 * {@code log} and {@code world.doc(space)}. Called on the thread that runs the message, while it runs.
 *
 * <p>A method may throw any {@link RuntimeException} (a {@code pavel.model.DocumentException} for a bad path,
 * say): the handler sees a JavaScript {@code Error} with the exception's message, which it may catch.
 */
public interface Host {

    /** {@code self.send(object, message)}: enqueue a message to an object. */
    void send(String object, String messageJson);

    /** {@code self.after(millis, message)}: enqueue a message to this object after a delay. */
    void after(long millis, String messageJson);

    /** {@code log(...)}: one line for the console of everyone watching the object. */
    void log(String line);

    /** {@code world.doc(space).get(path)}: the HTML at a path. */
    String docGet(String space, String path);

    /** {@code world.doc(space).put(path, html)}: replace what is at a path. */
    void docPut(String space, String path, String html);

    /** {@code world.doc(space).append(path, html)}: append children to the element at a path. */
    void docAppend(String space, String path, String html);

    /** {@code world.doc(space).remove(path)}: remove what is at a path. */
    void docRemove(String space, String path);

    /** A host that refuses everything but {@code log}, which it drops: for tests and dry runs. */
    static Host refusing() {
        return RefusingHost.INSTANCE;
    }
}
