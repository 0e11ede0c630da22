package pavel.model;

/** What the model accepts as tag and attribute names: lowercase names that HTML parsing gives back unchanged. */
final class Names {
    private Names() {
    }

    /** {@code [a-z][a-z0-9-]*}. */
    static boolean isTagName(String name) {
        if (name.isEmpty() || !isLowerLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLowerLetter(c) && !isDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z_][a-z0-9_.-]*}: lowercase NCNames, so that node paths can address every attribute. */
    static boolean isAttributeName(String name) {
        if (name.isEmpty() || !(isLowerLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLowerLetter(c) && !isDigit(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
