package pavel.server.script;

import java.util.List;

/**
 * What the console's {@code world} reaches: everything a handler's does ({@code world.doc(space)} and sending
 * messages), plus looking at and changing objects. Called on the thread that evaluates the input, while it runs.
 *
 * <p>As with {@link Host}, a method may throw any {@link RuntimeException}; the input sees a JavaScript
 * {@code Error} with its message. {@link #after} is never called: the console has no {@code self}. {@link #log}
 * gets the console's transcript (each input and what it came to) for the people watching; the {@code log(...)}
 * lines of an input come back with its {@link Evaluation} instead.
 */
public interface ConsoleHost extends Host {

    /** {@code world.objects()}: the names of every object, sorted. */
    List<String> objectNames();

    /**
     * {@code world.object(name)}: the object as {@code GET /objects/{name}} shows it, as JSON:
     * {@code {"name", "proto", "state", "mailbox", "behavior": {"version"}, "errors"}}.
     */
    String objectJson(String name);

    /**
     * {@code world.put(name, state)}: creates an object with this state, or replaces the state of an existing one.
     *
     * @param stateJson the state as JSON; must be a JSON object
     * @return whether the object was created
     */
    boolean putObject(String name, String stateJson);
}
