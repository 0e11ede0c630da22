package pavel.path;

import pavel.model.Element;
import pavel.model.Text;

/** One node that a path selects: an element, a text node ({@code text()}) or an attribute ({@code @name}). */
public sealed interface Match {

    record ElementMatch(Element element) implements Match {
    }

    record TextMatch(Text text) implements Match {
    }

    record AttributeMatch(Element owner, String name, String value) implements Match {
    }
}
