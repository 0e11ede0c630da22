// The canonical HTML of a replica, as shared-model's pavel.model.HtmlWriter writes it: attributes in their order,
// always double-quoted, the minimal escaping that HTML parsing reverses exactly, no added whitespace. The same
// document gives the same text here as on the server, so replicas can be compared as text.

import { normalizedChildren } from "/replica-tree.js";

/** Elements that cannot have children and are written without an end tag. */
export const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
  "source", "track", "wbr"]);

/** Elements whose first newline the HTML parser drops; one more is written so that it survives. */
const LEADING_NEWLINE_DROPPED = new Set(["pre", "textarea", "listing"]);

/** The outer HTML of `element` in `tree` (see replica-tree.js); for the body, the whole document. */
export function outerHtml(tree, element) {
  const out = [];
  write(tree, element, out);
  return out.join("");
}

function write(tree, element, out) {
  const name = tree.name(element);
  out.push("<", name);
  for (const [attribute, value] of tree.attributes(element)) {
    out.push(" ", attribute, '="', escape(value, true), '"');
  }
  out.push(">");
  if (VOID_ELEMENTS.has(name)) {
    return;
  }
  const children = normalizedChildren(tree, element);
  if (children.length > 0 && children[0].text?.startsWith("\n") && LEADING_NEWLINE_DROPPED.has(name)) {
    out.push("\n");
  }
  for (const child of children) {
    if (child.element) {
      write(tree, child.element, out);
    } else {
      out.push(escape(child.text, false));
    }
  }
  out.push("</", name, ">");
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\u00a0": "&nbsp;", '"': "&quot;", "\r": "&#13;" };

function escape(s, inAttribute) {
  return s.replace(inAttribute ? /[&<>\u00a0"\r]/g : /[&<>\u00a0\r]/g, (c) => ESCAPES[c]);
}
