package pavel.server.session;

import java.util.Locale;

/** How a session's reverse requests travel: on an upgraded socket or in long-poll answers. */
public enum Flavour {
    /** {@code Upgrade: PTTH/1.0}, then HTTP/1.1 with the roles swapped (the desktop app). */
    UPGRADE,
    /** The JSON queue resource of PTTH.md §2.3 (browsers). */
    LONG_POLL;

    /** The name {@code GET /sessions} shows: {@code upgrade} or {@code long-poll}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
