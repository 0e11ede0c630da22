package pavel.server.object;

import java.util.ArrayList;
import java.util.List;
import pavel.model.DocumentException;
import pavel.model.Element;
import pavel.model.HtmlFragment;
import pavel.model.Node;
import pavel.op.Op;
import pavel.path.NodePath;
import pavel.server.space.IfMatch;
import pavel.server.space.Space;
import pavel.server.space.Spaces;
import pavel.server.space.StaleVersionException;

/**
 * Puts an object's rendered view into the children of every element with {@code data-object="{name}"}, in every
 * space, as ordinary ops (so they are logged and fan out like any other change). Each mount is replaced by a copy of
 * itself with the new content, addressed by its position and guarded by the version it was found at; a space that
 * moved on meanwhile is looked at again.
 */
final class ViewMounts {
    private static final int ATTEMPTS = 5;
    /** Bound while a view is being shown, so that {@link NewMounts} does not take the view's own ops for new mounts. */
    private static final ScopedValue<Boolean> SHOWING = ScopedValue.newInstance();

    private final Spaces spaces;

    ViewMounts(Spaces spaces) {
        this.spaces = spaces;
    }

    /**
     * Shows {@code html} in every mount of {@code object}.
     *
     * @throws DocumentException (422) when the view's HTML is refused by the sanitizer
     */
    void show(String object, String html) {
        ScopedValue.where(SHOWING, true).run(() -> showEverywhere(object, html));
    }

    /** Whether the current thread is showing a view. */
    static boolean isShowing() {
        return SHOWING.isBound();
    }

    private void showEverywhere(String object, String html) {
        for (Space space : spaces.list()) {
            for (int attempt = 1; ; attempt++) {
                try {
                    showIn(space, object, html);
                    break;
                } catch (StaleVersionException e) {
                    if (attempt == ATTEMPTS) {
                        throw new DocumentException(409, "The space " + space.name() + " kept changing while the view of "
                                + object + " was put into it.");
                    }
                } catch (DocumentException e) {
                    if (e.status() == 404 && e.getMessage().startsWith("The space")) {
                        break; // deleted meanwhile
                    }
                    throw e;
                }
            }
        }
    }

    private static void showIn(Space space, String object, String html) {
        record Change(Op op, long version) {}
        List<Change> changes = space.read(doc -> {
            List<Change> found = new ArrayList<>();
            long version = doc.version();
            for (Element mount : mounts(doc.body(), object)) {
                List<Node> content = HtmlFragment.parse(html, mount.name());
                Element replaced = new Element(mount.name(), mount.attributes(), content);
                if (!replaced.contentEquals(mount)) {
                    found.add(new Change(new Op.Replace(NodePath.of(mount), replaced.outerHtml()), version + found.size()));
                }
            }
            return found;
        });
        for (Change change : changes) {
            space.apply(change.op(), IfMatch.parse("\"" + change.version() + "\""));
        }
    }

    /** The outermost elements mounting {@code object}, in document order. */
    private static List<Element> mounts(Element root, String object) {
        List<Element> found = new ArrayList<>();
        collect(root, object, found);
        return found;
    }

    private static void collect(Element element, String object, List<Element> found) {
        if (object.equals(element.attribute("data-object")) && element.parent() != null) {
            found.add(element);
            return; // a mount inside it is part of the view
        }
        for (Node child : element.children()) {
            if (child instanceof Element e) {
                collect(e, object, found);
            }
        }
    }
}
