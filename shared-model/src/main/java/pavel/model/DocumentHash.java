package pavel.model;

/**
 * The document hash, defined once: the server, the desktop app and the browser compute the same 64-bit value for
 * the same document, and replica checks compare it.
 *
 * <p>All arithmetic is modulo 2<sup>64</sup> on unsigned values:
 * <pre>
 * str(s)        = FNV-1a 64 over the UTF-16 code units of s  (offset 0xcbf29ce484222325, prime 0x100000001b3)
 * mix(x)        = the SplitMix64 finalizer: x ^= x >>> 30; x *= 0xbf58476d1ce4e5b9; x ^= x >>> 27;
 *                 x *= 0x94d049bb133111eb; x ^= x >>> 31
 * text(t)       = mix(str(t) + TEXT)
 * attr(n, v)    = mix(str(n) * ATTR + str(v))
 * element(e)    = mix(str(name) + ATTR * Σ attr(a_j) * R^j + CHILD * Σ hash(c_i) * R^i)
 * document      = element(body), written as 16 lowercase hex digits
 * </pre>
 * where j and i count from 0 over the attributes and children in order, {@code R = 0x9e3779b97f4a7c15},
 * {@code ATTR = 0xc2b2ae3d27d4eb4f}, {@code CHILD = 0x165667b19e3779f9}, {@code TEXT = 0x27d4eb2f165667c5}.
 *
 * <p>The sums are positional polynomials, so a node keeps its hash current after a change by adding
 * {@code (new - old) * R^i} to each ancestor: applying an op costs the depth of the change, not the document.
 * Documents are normalized (no empty and no adjacent text nodes) before they are hashed.
 */
public final class DocumentHash {
    static final long R = 0x9e3779b97f4a7c15L;
    static final long ATTR = 0xc2b2ae3d27d4eb4fL;
    static final long CHILD = 0x165667b19e3779f9L;
    static final long TEXT = 0x27d4eb2f165667c5L;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long[] POWERS = new long[4096];

    static {
        long p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= R;
        }
    }

    private DocumentHash() {
    }

    /** FNV-1a 64 over the UTF-16 code units of {@code s}. */
    public static long ofString(String s) {
        long h = FNV_OFFSET;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return h;
    }

    static long mix(long x) {
        x ^= x >>> 30;
        x *= 0xbf58476d1ce4e5b9L;
        x ^= x >>> 27;
        x *= 0x94d049bb133111ebL;
        x ^= x >>> 31;
        return x;
    }

    static long text(String text) {
        return mix(ofString(text) + TEXT);
    }

    static long attribute(String name, String value) {
        return mix(ofString(name) * ATTR + ofString(value));
    }

    static long element(long nameHash, long attributeSum, long childSum) {
        return mix(nameHash + ATTR * attributeSum + CHILD * childSum);
    }

    /** R to the power {@code i}: the weight of the i-th child (or attribute). */
    static long power(int i) {
        if (i < POWERS.length) {
            return POWERS[i];
        }
        long result = 1;
        long base = R;
        for (int e = i; e != 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }

    /** The hash as the 16 lowercase hex digits used in {@code ETag}s and replica checks. */
    public static String hex(long hash) {
        String digits = Long.toHexString(hash);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
