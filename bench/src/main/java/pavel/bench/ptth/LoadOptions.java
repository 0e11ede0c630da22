package pavel.bench.ptth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code name=value} arguments of a load generator over its defaults; an unknown name is refused with the list of
 * known ones. Immutable once parsed.
 */
public final class LoadOptions {

    private final Map<String, String> values;

    private LoadOptions(Map<String, String> values) {
        this.values = values;
    }

    /** {@code defaults} and {@code args} are both {@code name=value}; every name in {@code args} must have a default. */
    public static LoadOptions parse(String[] defaults, String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String option : defaults) {
            values.put(option.substring(0, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !values.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'; expected one of "
                        + values.keySet() + " as name=value.");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new LoadOptions(values);
    }

    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("No option '" + name + "'.");
        }
        return value;
    }

    public int number(String name) {
        return Integer.parseInt(get(name));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
