// Turns HTML from the server into detached DOM nodes for a replica: parsed inertly (a <template>'s content, or a
// DOMParser document for a whole body), then guarded.
//
// The server sanitizes every fragment before it enters a document (shared-model's HtmlPolicy), but a replica treats
// every byte it receives as hostile: the guard here refuses whatever could run script, load active content or
// restyle the page (script, style, iframe, object…, `on*` and `style` attributes, `javascript:` and other non-web
// URLs). It is a deny-list on purpose, so that it never refuses what the server's allow-list lets in; a fragment it
// refuses is refused whole (422), nothing is dropped silently. Comments are not content and are dropped, as the
// server drops them.
//
//   const nodes = parseFragment('<li class="x">one</li>');     // [li]; FragmentRefusedError (422) when hostile
//   const { attributes, nodes } = parseBody('<body class="dark"><h1>Hi</h1></body>');

import {
  ELEMENT_NODE, HTML_NAMESPACE, TEXT_NODE, attributePairs, childNodes, documentBody, documentHead, localName,
  namespaceURI, nodeType, parseInert, parseInertDocument, removeChild,
} from "/dom.js";

/** The deepest nesting of elements a document holds (the server's Document.MAX_DEPTH). */
export const MAX_DEPTH = 256;

/** A fragment the guard refuses (422); `refusals` lists each refused element or attribute. */
export class FragmentRefusedError extends Error {
  constructor(refusals) {
    super(`The fragment was refused: ${refusals.join("; ")}.`);
    this.name = "FragmentRefusedError";
    this.status = 422;
    this.refusals = refusals;
  }
}

const REFUSED_ELEMENTS = new Map([
  ["script", "scripts are not allowed"], ["noscript", "scripts are not allowed"],
  ["style", "style sheets are not allowed"], ["link", "linked resources are not allowed"],
  ["iframe", "embedded content is not allowed"], ["frame", "embedded content is not allowed"],
  ["frameset", "embedded content is not allowed"], ["object", "embedded content is not allowed"],
  ["embed", "embedded content is not allowed"], ["applet", "embedded content is not allowed"],
  ["portal", "embedded content is not allowed"], ["fencedframe", "embedded content is not allowed"],
  ["param", "embedded content is not allowed"], ["base", "it would change every URL"],
  ["meta", "document metadata is not allowed"], ["title", "document metadata is not allowed"],
  ["template", "templates are not allowed"], ["svg", "SVG is not allowed"], ["math", "MathML is not allowed"],
  ["noembed", "raw text is not allowed"], ["noframes", "raw text is not allowed"], ["xmp", "raw text is not allowed"],
  ["plaintext", "raw text is not allowed"],
]);

/** Attributes that carry markup, several URLs or page metadata; the server allows none of them anywhere. */
const REFUSED_ATTRIBUTES = new Set(["srcdoc", "srcset", "imagesrcset", "http-equiv"]);

/** Attributes whose value is a URL that a browser follows, loads or runs. */
const URL_ATTRIBUTES = new Set(["href", "src", "cite", "action", "formaction", "poster", "background", "data",
  "codebase", "ping", "manifest", "longdesc", "usemap", "lowsrc", "dynsrc", "icon"]);
const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel"]);
const SCHEME = /^([a-z][a-z0-9+.-]*):/;
const IMAGE_DATA_URL = /^data:image\/(png|gif|jpeg|webp|avif|bmp)[;,]/;

/** What the model accepts as names: lowercase names that HTML parsing gives back unchanged. */
export const isTagName = (name) => /^[a-z][a-z0-9-]*$/.test(name);
export const isAttributeName = (name) => /^[a-z_][a-z0-9_.-]*$/.test(name);

/**
 * Why an attribute may not be set on an element (a sentence), or null when it may. Never refuses what the server's
 * HtmlPolicy allows.
 */
export function checkAttribute(element, name, value) {
  const what = `attribute ${name} on <${element}>`;
  if (!isAttributeName(name)) {
    return `${what}: not an allowed attribute`;
  }
  if (name.startsWith("on")) {
    return `${what}: event handler attributes are not allowed`;
  }
  if (name === "style") {
    return `${what}: inline styles are not allowed; use class`;
  }
  if (REFUSED_ATTRIBUTES.has(name)) {
    return `${what}: not an allowed attribute`;
  }
  return URL_ATTRIBUTES.has(name) ? checkUrl(what, element, name, value) : null;
}

/** The URL rule of the server's HtmlPolicy: web, mail and phone links, relative URLs, raster images as data. */
function checkUrl(what, element, name, value) {
  // Browsers ignore ASCII whitespace and controls inside a scheme ("java\tscript:"), so the check does too.
  let squeezed = "";
  for (let i = 0; i < value.length && squeezed.length < 64; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x20 && c !== 0x7f) {
      squeezed += value[i];
    }
  }
  const url = squeezed.toLowerCase();
  const scheme = SCHEME.exec(url);
  if (scheme === null || SAFE_SCHEMES.has(scheme[1])) {
    return null;
  }
  if (scheme[1] === "data" && element === "img" && name === "src" && IMAGE_DATA_URL.test(url)) {
    return null;
  }
  return `${what}: the URL scheme '${scheme[1]}:' is not allowed`;
}

/**
 * Parses `html` as content (what the server sends for replace and insert) into detached nodes, in order.
 *
 * @throws {FragmentRefusedError} when the guard refuses anything in it
 */
export function parseFragment(html) {
  const content = parseInert(html);
  const refusals = [];
  guardChildren(content, 1, refusals);
  throwIfRefused(refusals);
  return childNodes(content);
}

/**
 * Parses a whole document for a body: `<body …>…</body>` (or a full `<html>` document), whose body attributes are
 * kept, or just the body's content (then the body has no attributes), as the server's HtmlFragment.parseBody does.
 *
 * @returns {{attributes: [string, string][], nodes: Node[]}}
 * @throws {FragmentRefusedError} when the guard refuses anything in it
 */
export function parseBody(html) {
  const start = stripLeadingWhitespace(html).slice(0, 16).toLowerCase();
  if (!(start.startsWith("<body") || start.startsWith("<html") || start.startsWith("<!doctype"))) {
    return { attributes: [], nodes: parseFragment(html) };
  }
  // No doctype would mean quirks mode, where tables nest differently; the server's parser has no quirks here.
  const parsed = parseInertDocument(start.startsWith("<!doctype") ? html : `<!doctype html>${html}`);
  const refusals = [];
  const head = documentHead(parsed);
  for (const child of head === null ? [] : childNodes(head)) {
    if (nodeType(child) === ELEMENT_NODE) {
      refusals.push(`<${localName(child)}>: only the body of a document is kept`);
    }
  }
  const body = documentBody(parsed);
  if (body === null || localName(body) !== "body") {
    refusals.push(`<${body === null ? "html" : localName(body)}>: a document needs a <body>`);
    throwIfRefused(refusals);
  }
  const attributes = attributePairs(body);
  for (const [name, value] of attributes) {
    const refusal = checkAttribute("body", name, value);
    if (refusal !== null) {
      refusals.push(refusal);
    }
  }
  guardChildren(body, 1, refusals);
  throwIfRefused(refusals);
  return { attributes, nodes: childNodes(body) };
}

/** The height of a node: 0 for text, 1 for an element without element children. */
export function height(node) {
  if (nodeType(node) !== ELEMENT_NODE) {
    return 0;
  }
  let max = 0;
  for (const child of childNodes(node)) {
    max = Math.max(max, height(child));
  }
  return max + 1;
}

/** Checks the children of `parent` (at `depth`), dropping comments; collects every refusal. */
function guardChildren(parent, depth, refusals) {
  for (const node of childNodes(parent)) {
    const type = nodeType(node);
    if (type === TEXT_NODE) {
      continue;
    }
    if (type !== ELEMENT_NODE) {
      removeChild(parent, node); // comments and processing instructions are not content
      continue;
    }
    const name = localName(node);
    if (namespaceURI(node) !== HTML_NAMESPACE || !isTagName(name)) {
      refusals.push(`<${name}>: not an allowed element`);
      continue;
    }
    if (REFUSED_ELEMENTS.has(name)) {
      refusals.push(`<${name}>: ${REFUSED_ELEMENTS.get(name)}`);
      continue;
    }
    if (depth > MAX_DEPTH) {
      refusals.push(`<${name}>: nests deeper than ${MAX_DEPTH} levels`);
      return;
    }
    for (const [attribute, value] of attributePairs(node)) {
      const refusal = checkAttribute(name, attribute, value);
      if (refusal !== null) {
        refusals.push(refusal);
      }
    }
    guardChildren(node, depth + 1, refusals);
  }
}

function throwIfRefused(refusals) {
  if (refusals.length > 0) {
    throw new FragmentRefusedError(refusals);
  }
}

/** Java's String.stripLeading: drops what Character.isWhitespace calls white space (not U+00A0, U+2007, U+202F). */
function stripLeadingWhitespace(s) {
  let i = 0;
  while (i < s.length && isJavaWhitespace(s.charCodeAt(i))) {
    i++;
  }
  return s.slice(i);
}

function isJavaWhitespace(c) {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x1680 || (c >= 0x2000 && c <= 0x2006)
    || (c >= 0x2008 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x205f || c === 0x3000;
}
