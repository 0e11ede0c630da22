package pavel.bench.objects;

import java.util.Arrays;
import java.util.Locale;

/**
 * The behaviours the objects benchmark runs, and their messages. Stateless.
 *
 * <ul>
 *   <li>{@code trivial}: the counter of the issue, one property increment per message;</li>
 *   <li>{@code arith}: real work in plain arithmetic: 4,096 rounds of a 32-bit multiply, add, shift and xor over the
 *       message's seed (about 20,000 integer operations);</li>
 *   <li>{@code sort}: real work in the runtime's built-ins: 256 pseudo-random numbers (MINSTD, in doubles, so every
 *       step is a floating-point remainder) pushed onto an array, then sorted with a JavaScript comparator;</li>
 *   <li>{@link #swap}: the counter plus a handler that answers the behaviour's version, for the hot swap;</li>
 *   <li>for a closer look at {@code sort} (not run by default): {@code gen}, its numbers alone; {@code sortjs}, sorted
 *       by an insertion sort in JavaScript; {@code sorttyped}, sorted as an {@code Int32Array}.</li>
 * </ul>
 *
 * <p>The working handlers also count in {@code self.state.n} and answer a number that {@link #expected} computes in
 * Java, so that the benchmark checks what the runtime computed.
 */
final class Behaviours {

    static final String TRIVIAL = """
            on({type: 'inc'}, (m, self) => { self.state.n = (self.state.n ?? 0) + 1; });
            """;

    static final String ARITH = """
            on({type: 'arith', seed: Number}, (m, self) => {
                let h = m.seed | 0;
                for (let i = 0; i < 4096; i++) {
                    h = (Math.imul(h, 31) + i) | 0;
                    h ^= h >>> 13;
                }
                self.state.n = (self.state.n ?? 0) + 1;
                return h;
            });
            """;

    static final String SORT = """
            on({type: 'sort', seed: Number}, (m, self) => {
                let x = m.seed;
                const a = [];
                for (let i = 0; i < 256; i++) {
                    x = (x * 48271) % 2147483647;
                    a.push(x % 10007);
                }
                a.sort((p, q) => p - q);
                self.state.n = (self.state.n ?? 0) + 1;
                return a[0] + 10007 * (a[128] + 10007 * a[255]);
            });
            """;

    /** {@link #SORT}'s numbers, not sorted: what the sort itself costs is {@code sort} less this. */
    static final String GEN = """
            on({type: 'gen', seed: Number}, (m, self) => {
                let x = m.seed;
                const a = [];
                for (let i = 0; i < 256; i++) {
                    x = (x * 48271) % 2147483647;
                    a.push(x % 10007);
                }
                self.state.n = (self.state.n ?? 0) + 1;
                return a[0] + 10007 * (a[128] + 10007 * a[255]);
            });
            """;

    /** {@link #SORT} with an insertion sort written in JavaScript (about 16,000 steps) instead of the built-in. */
    static final String SORTJS = """
            on({type: 'sortjs', seed: Number}, (m, self) => {
                let x = m.seed;
                const a = [];
                for (let i = 0; i < 256; i++) {
                    x = (x * 48271) % 2147483647;
                    a.push(x % 10007);
                }
                for (let i = 1; i < a.length; i++) {
                    const v = a[i];
                    let j = i - 1;
                    while (j >= 0 && a[j] > v) {
                        a[j + 1] = a[j];
                        j--;
                    }
                    a[j + 1] = v;
                }
                self.state.n = (self.state.n ?? 0) + 1;
                return a[0] + 10007 * (a[128] + 10007 * a[255]);
            });
            """;

    /** {@link #SORT} on an {@code Int32Array}, whose {@code sort()} compares numbers without a JS comparator. */
    static final String SORTTYPED = """
            on({type: 'sorttyped', seed: Number}, (m, self) => {
                let x = m.seed;
                const a = [];
                for (let i = 0; i < 256; i++) {
                    x = (x * 48271) % 2147483647;
                    a.push(x % 10007);
                }
                const t = Int32Array.from(a);
                t.sort();
                self.state.n = (self.state.n ?? 0) + 1;
                return t[0] + 10007 * (t[128] + 10007 * t[255]);
            });
            """;

    static final String INC = "{\"type\":\"inc\"}";
    static final String VERSION = "{\"type\":\"version\"}";

    private Behaviours() {}

    /** The source of a behaviour by its name on the command line: {@code trivial}, {@code arith}, {@code sort}, … */
    static String source(String kind) {
        return switch (kind) {
            case "trivial" -> TRIVIAL;
            case "arith" -> ARITH;
            case "sort" -> SORT;
            case "gen" -> GEN;
            case "sortjs" -> SORTJS;
            case "sorttyped" -> SORTTYPED;
            default -> throw new IllegalArgumentException("A behaviour is 'trivial', 'arith', 'sort', 'gen', 'sortjs'"
                    + " or 'sorttyped', not '" + kind + "'.");
        };
    }

    /** Message {@code k} for a behaviour: the same {@code inc} every time, or the work with seed {@code k}. */
    static String message(String kind, long k) {
        return kind.equals("trivial") ? INC : "{\"type\":\"" + kind + "\",\"seed\":" + seed(k) + "}";
    }

    /** Version {@code v} of the swapped behaviour: it answers {@code v} to {@code {type: 'version'}}. */
    static String swap(int v) {
        return String.format(Locale.ROOT, """
                on({type: 'inc'}, (m, self) => { self.state.n = (self.state.n ?? 0) + 1; });
                on({type: 'version'}, () => %d);
                """, v);
    }

    /** What the handler of {@code kind} answers to message {@code k}, as JSON; {@code null} for the trivial one. */
    static String expected(String kind, long k) {
        return switch (kind) {
            case "arith" -> {
                int h = (int) seed(k);
                for (int i = 0; i < 4096; i++) {
                    h = h * 31 + i;
                    h ^= h >>> 13;
                }
                yield Integer.toString(h);
            }
            case "sort", "sortjs", "sorttyped", "gen" -> {
                long x = seed(k);
                long[] a = new long[256];
                for (int i = 0; i < a.length; i++) {
                    x = (x * 48271) % 2147483647;
                    a[i] = x % 10007;
                }
                if (!kind.equals("gen")) {
                    Arrays.sort(a);
                }
                yield Long.toString(a[0] + 10007 * (a[128] + 10007 * a[255]));
            }
            default -> "null";
        };
    }

    private static long seed(long k) {
        return 1 + Math.floorMod(k, 2147483646L);
    }
}
