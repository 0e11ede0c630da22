package pavel.server.object;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.Map;
import pavel.model.DocumentException;
import pavel.model.HtmlFragment;
import pavel.model.Node;

/**
 * Renders views: Mustache templates (JMustache, every {@code {{value}}} HTML-escaped, missing values empty) over an
 * object's state, then through the sanitizer into canonical HTML: a view is served as {@code text/html} from this
 * origin, so a template that writes a {@code <script>} is refused like any fragment.
 */
final class ViewRenderer {
    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(true).defaultValue("");
    private final ObjectMapper json;

    ViewRenderer(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Checks a template before it is stored.
     *
     * @throws DocumentException (422) naming the line of the mistake
     */
    void check(String template) {
        compile(template);
    }

    /**
     * The view of {@code stateJson}, a JSON object, as sanitized canonical HTML.
     *
     * @throws DocumentException (422) when the template fails or its HTML is refused
     */
    String render(String template, String stateJson) {
        Map<?, ?> state;
        try {
            state = json.readValue(stateJson, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An object's state is not a JSON object: " + e.getOriginalMessage(), e);
        }
        try {
            StringBuilder html = new StringBuilder();
            for (Node node : HtmlFragment.parse(compile(template).execute(state))) {
                html.append(node.outerHtml());
            }
            return html.toString();
        } catch (MustacheException e) {
            throw new DocumentException(422, "The view cannot be rendered: " + e.getMessage());
        }
    }

    private Template compile(String template) {
        try {
            return compiler.compile(template);
        } catch (MustacheException e) {
            throw new DocumentException(422, "The view is not a valid Mustache template: " + e.getMessage());
        }
    }
}
