package pavel.model;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The sanitizer's allow-list: which elements and attributes may enter a document, and which URLs. Everything not
 * listed is refused with a reason; nothing is dropped silently. Thread-safe (immutable).
 */
public final class HtmlPolicy {
    private static final Set<String> GLOBAL_ATTRIBUTES = Set.of("id", "class", "title", "lang", "dir", "hidden",
            "tabindex", "role", "translate");

    private static final Map<String, Set<String>> ELEMENTS = Map.ofEntries(
            Map.entry("div", Set.of()), Map.entry("p", Set.of()), Map.entry("span", Set.of()),
            Map.entry("section", Set.of()), Map.entry("article", Set.of()), Map.entry("header", Set.of()),
            Map.entry("footer", Set.of()), Map.entry("nav", Set.of()), Map.entry("aside", Set.of()),
            Map.entry("main", Set.of()), Map.entry("h1", Set.of()), Map.entry("h2", Set.of()),
            Map.entry("h3", Set.of()), Map.entry("h4", Set.of()), Map.entry("h5", Set.of()),
            Map.entry("h6", Set.of()), Map.entry("blockquote", Set.of("cite")), Map.entry("pre", Set.of()),
            Map.entry("code", Set.of()), Map.entry("em", Set.of()), Map.entry("strong", Set.of()),
            Map.entry("b", Set.of()), Map.entry("i", Set.of()), Map.entry("u", Set.of()), Map.entry("s", Set.of()),
            Map.entry("small", Set.of()), Map.entry("mark", Set.of()), Map.entry("sub", Set.of()),
            Map.entry("sup", Set.of()), Map.entry("kbd", Set.of()), Map.entry("samp", Set.of()),
            Map.entry("var", Set.of()), Map.entry("q", Set.of("cite")), Map.entry("abbr", Set.of()),
            Map.entry("time", Set.of("datetime")), Map.entry("br", Set.of()), Map.entry("hr", Set.of()),
            Map.entry("figure", Set.of()), Map.entry("figcaption", Set.of()), Map.entry("details", Set.of("open")),
            Map.entry("summary", Set.of()), Map.entry("dl", Set.of()), Map.entry("dt", Set.of()),
            Map.entry("dd", Set.of()), Map.entry("ul", Set.of()), Map.entry("ol", Set.of("start", "reversed", "type")),
            Map.entry("li", Set.of("value")), Map.entry("a", Set.of("href", "target", "rel", "hreflang")),
            Map.entry("img", Set.of("src", "alt", "width", "height", "loading")),
            Map.entry("table", Set.of()), Map.entry("caption", Set.of()), Map.entry("thead", Set.of()),
            Map.entry("tbody", Set.of()), Map.entry("tfoot", Set.of()), Map.entry("tr", Set.of()),
            Map.entry("td", Set.of("colspan", "rowspan", "headers")),
            Map.entry("th", Set.of("colspan", "rowspan", "headers", "scope", "abbr")),
            Map.entry("form", Set.of("name", "autocomplete", "novalidate")), Map.entry("label", Set.of("for")),
            Map.entry("input", Set.of("type", "name", "value", "placeholder", "checked", "disabled", "readonly",
                    "min", "max", "step", "required", "maxlength", "minlength", "size", "pattern", "autocomplete",
                    "multiple", "list")),
            Map.entry("button", Set.of("type", "name", "value", "disabled")),
            Map.entry("textarea", Set.of("name", "rows", "cols", "placeholder", "disabled", "readonly", "maxlength",
                    "minlength", "required", "wrap")),
            Map.entry("select", Set.of("name", "multiple", "disabled", "size", "required")),
            Map.entry("option", Set.of("value", "selected", "disabled", "label")),
            Map.entry("optgroup", Set.of("label", "disabled")),
            Map.entry("fieldset", Set.of("name", "disabled")), Map.entry("legend", Set.of()),
            Map.entry("output", Set.of("for", "name")), Map.entry("progress", Set.of("value", "max")),
            Map.entry("meter", Set.of("value", "min", "max", "low", "high", "optimum")));

    private static final Map<String, String> REFUSED_ELEMENTS = Map.ofEntries(
            Map.entry("script", "scripts are not allowed"), Map.entry("noscript", "scripts are not allowed"),
            Map.entry("style", "style sheets are not allowed"), Map.entry("link", "linked resources are not allowed"),
            Map.entry("iframe", "embedded content is not allowed"), Map.entry("frame", "embedded content is not allowed"),
            Map.entry("frameset", "embedded content is not allowed"),
            Map.entry("object", "embedded content is not allowed"), Map.entry("embed", "embedded content is not allowed"),
            Map.entry("applet", "embedded content is not allowed"), Map.entry("base", "it would change every URL"),
            Map.entry("meta", "document metadata is not allowed"), Map.entry("template", "templates are not allowed"),
            Map.entry("svg", "SVG is not allowed"), Map.entry("math", "MathML is not allowed"));

    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "cite");
    private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto", "tel");
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):");
    private static final Pattern IMAGE_DATA_URL = Pattern.compile("^data:image/(png|gif|jpeg|webp|avif|bmp)[;,]");
    private static final Pattern DATA_ATTRIBUTE = Pattern.compile("data-[a-z0-9_.-]+");
    private static final Pattern ARIA_ATTRIBUTE = Pattern.compile("aria-[a-z]+");

    private HtmlPolicy() {
    }

    /** Why an element may not enter a document, or null when it may. */
    public static @Nullable Refusal checkElement(String name) {
        if (ELEMENTS.containsKey(name)) {
            return null;
        }
        String why = REFUSED_ELEMENTS.get(name);
        return new Refusal("<" + name + ">", why != null ? why : "not an allowed element");
    }

    /** Why an attribute may not be set on an element, or null when it may. */
    public static @Nullable Refusal checkAttribute(String element, String name, String value) {
        String what = "attribute " + name + " on <" + element + ">";
        if (name.startsWith("on")) {
            return new Refusal(what, "event handler attributes are not allowed");
        }
        if (name.equals("style")) {
            return new Refusal(what, "inline styles are not allowed; use class");
        }
        Set<String> allowed = ELEMENTS.get(element);
        boolean known = GLOBAL_ATTRIBUTES.contains(name) || (allowed != null && allowed.contains(name))
                || DATA_ATTRIBUTE.matcher(name).matches() || ARIA_ATTRIBUTE.matcher(name).matches();
        if (!known) {
            return new Refusal(what, "not an allowed attribute");
        }
        if (URL_ATTRIBUTES.contains(name)) {
            return checkUrl(what, element, name, value);
        }
        return null;
    }

    private static @Nullable Refusal checkUrl(String what, String element, String name, String value) {
        // Browsers ignore ASCII whitespace and controls inside a scheme ("java\tscript:"), so the check does too.
        StringBuilder squeezed = new StringBuilder(Math.min(value.length(), 64));
        for (int i = 0; i < value.length() && squeezed.length() < 64; i++) {
            char c = value.charAt(i);
            if (c > ' ' && c != '\u007f') {
                squeezed.append(c);
            }
        }
        String url = squeezed.toString().toLowerCase(Locale.ROOT);
        var scheme = SCHEME.matcher(url);
        if (!scheme.find() || SAFE_SCHEMES.contains(scheme.group(1))) {
            return null;
        }
        if (scheme.group(1).equals("data") && element.equals("img") && name.equals("src")
                && IMAGE_DATA_URL.matcher(url).find()) {
            return null;
        }
        return new Refusal(what, "the URL scheme '" + scheme.group(1) + ":' is not allowed");
    }
}
