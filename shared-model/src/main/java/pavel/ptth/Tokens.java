package pavel.ptth;

/** RFC 9110 tokens and the message-id alphabet of PTTH.md §2.3.2. */
final class Tokens {
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
    private static final String MESSAGE_ID_SYMBOLS = "._~:-";

    private Tokens() {
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlphaNumeric(c) && TCHAR_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** 1 to 128 characters from {@code A-Z a-z 0-9 . _ ~ : -}. */
    static boolean isMessageId(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlphaNumeric(c) && MESSAGE_ID_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphaNumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
