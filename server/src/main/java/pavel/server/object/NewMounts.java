package pavel.server.object;

import java.util.LinkedHashSet;
import java.util.Set;
import pavel.op.DocRequest;
import pavel.op.Op;
import pavel.op.OpRecord;
import pavel.path.Leaf;
import pavel.server.space.Space;
import pavel.server.space.SpaceChangeListener;

/**
 * Fills the mounts a change adds: a {@code <div data-object="counter">} that someone appends (by REST, or a handler
 * through {@code world.doc}) shows the counter's view at once, not only after the counter's next state change.
 */
final class NewMounts implements SpaceChangeListener {
    private static final String ATTRIBUTE = "data-object";
    private static final String MARKER = ATTRIBUTE + "=\"";

    private final LiveObjects objects;

    NewMounts(LiveObjects objects) {
        this.objects = objects;
    }

    @Override
    public void applied(Space space, OpRecord record) {
        if (ViewMounts.isShowing()) {
            return; // the view's own change: its mounts are already filled
        }
        for (String name : mounted(record.op())) {
            objects.showView(name);
        }
    }

    /** The names of the objects the op mounts somewhere. */
    static Set<String> mounted(Op op) {
        Set<String> names = new LinkedHashSet<>();
        switch (op) {
            case Op.Insert insert -> scan(insert.html(), names);
            case Op.Replace replace -> scan(replace.html(), names);
            case Op.Set set when set.path().leaf() instanceof Leaf.AttributeLeaf(String attribute)
                    && attribute.equals(ATTRIBUTE) -> names.add(set.value());
            default -> { }
        }
        names.removeIf(name -> !DocRequest.isSpaceName(name));
        return names;
    }

    /**
     * Ops carry canonical HTML, where every attribute value is double-quoted and escaped, so a plain scan finds every
     * mount. Text that happens to read {@code data-object="x"} is found too; that only shows x's view again, which
     * changes nothing when the mounts already show it.
     */
    private static void scan(String html, Set<String> names) {
        for (int at = html.indexOf(MARKER); at >= 0; at = html.indexOf(MARKER, at + 1)) {
            int start = at + MARKER.length();
            int end = html.indexOf('"', start);
            if (end < 0) {
                return;
            }
            names.add(html.substring(start, end));
        }
    }
}
