package pavel.replica;

import pavel.model.DocumentException;
import pavel.op.DocRequest;
import pavel.ptth.ReverseRequest;

/** Reads {@code Pavel-Base} and {@code Pavel-Version}: decimal, non-negative, no sign, no spaces. */
final class VersionHeaders {
    private static final int MAX_DIGITS = 18; // fits a long with room to add one

    private VersionHeaders() {
    }

    /**
     * The version in header {@code name} of {@code request}.
     *
     * @throws DocumentException (400) when the header is missing or not a version
     */
    static long expect(ReverseRequest request, String name) {
        String value = request.header(name);
        if (value == null) {
            throw new DocumentException(400, request.method() + " " + request.uri() + " needs a " + name + " header.");
        }
        long version = parseVersion(value);
        if (version < 0) {
            throw new DocumentException(400, name + " '" + value + "' is not a version (a decimal number).");
        }
        return version;
    }

    /** The pair an op carries; 400 unless {@code Pavel-Version} is {@code Pavel-Base + 1}. */
    static OpVersions expectOp(ReverseRequest request) {
        long base = expect(request, DocRequest.BASE);
        long version = expect(request, DocRequest.VERSION);
        if (version != base + 1) {
            throw new DocumentException(400, "An op moves a space by one version, not from " + base + " (Pavel-Base) to "
                    + version + " (Pavel-Version).");
        }
        return new OpVersions(base, version);
    }

    /** {@code value} as a version, or -1 when it is not 1 to 18 decimal digits. */
    static long parseVersion(String value) {
        if (value.isEmpty() || value.length() > MAX_DIGITS) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }

    /** The versions before ({@code base}) and after ({@code version}) an op. */
    record OpVersions(long base, long version) {
    }
}
