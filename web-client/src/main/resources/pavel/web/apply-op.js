// The browser's replicas of the spaces a page shows, kept current by the server's reverse requests on /doc/
// (DESIGN.md "PTTH"). Each space is mounted into a container element that stands for its <body>; the server's
// ops change that DOM in place, and replica checks answer with the document hash the server computes.
//
//   import { SpaceReplicas } from "/apply-op.js";
//   const replicas = new SpaceReplicas();
//   replicas.mount("main", document.getElementById("space-main"));
//   session.on("PUT", "/doc/**", (request) => replicas.handle(request));     // and GET, POST, DELETE
//   replicas.onChange(({ space, version }) => console.log(space, version));
//
// What a replica answers (the same as shared-model's pavel.replica.SpaceReplicas):
//
//   PUT|POST|DELETE /doc/{space}{path}[?at=…] + Pavel-Base: n, Pavel-Version: n+1
//       204 applied, or already at or past n+1 (a repeat changes nothing); 409 at another version than n, or no
//       replica of the space yet; 404 the path selects nothing; 409 it selects several; 422 the guard refuses the
//       fragment or value; 400 a bad path, bad or missing headers
//   PUT /doc/{space}/ + Pavel-Version: n, no Pavel-Base      the whole document: 204, the replica is at n
//   GET /doc/{space}/                                        200 + Pavel-Version + ETag: "<16 hex hash>"; 404 none
//   GET /doc/{space}{path}                                   200 + the node's HTML or the value; 404, 409
//
// A request that fails changes nothing: everything is resolved, parsed and checked before the DOM is touched.
// Errors answer with their sentence as text/plain.

import { NodePath } from "/node-path.js";
import { ReplicaTree } from "/replica-tree.js";
import { documentHashHex } from "/doc-hash.js";
import { VOID_ELEMENTS, outerHtml } from "/canonical-html.js";
import { MAX_DEPTH, checkAttribute, height, isAttributeName, parseBody, parseFragment } from "/html-fragment.js";
import {
  addEventListener, childNodes, insertBefore, newText, nextSibling, normalize, parentNode, removeAttribute,
  removeChild, replaceChildren, setAttribute,
} from "/dom.js";

const PREFIX = "/doc/";
const BASE = "Pavel-Base";
const VERSION = "Pavel-Version";
const HTML = "text/html; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";
const SPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PLACEMENTS = new Set(["append", "first", "before", "after"]);
const MAX_VERSION_DIGITS = 18;

/** A request a replica refuses, with the status it answers and a sentence; `headers` go with the answer. */
export class ReplicaProblem extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.name = "ReplicaProblem";
    this.status = status;
    this.headers = headers;
  }
}

/**
 * The replicas of the spaces mounted on this page. Not shared between pages; all calls come from the page's one
 * thread, so each request is applied whole before the next.
 */
export class SpaceReplicas {
  /** @type {Map<string, Replica>} */
  #replicas = new Map();
  #listeners = new Set();

  /**
   * Shows `space` in `container`, which stands for the space's `<body>` from now on: its content is the replica's
   * (empty until the whole document arrives). Forms in it do not submit the page.
   */
  mount(space, container) {
    if (typeof space !== "string" || !SPACE_NAME.test(space)) {
      throw new TypeError(`'${space}' is not a space name: a letter or digit, then up to 63 letters, digits, '.', '_' or '-'.`);
    }
    if (!(container instanceof Element)) {
      throw new TypeError(`The container of space ${space} must be an element.`);
    }
    if (this.#replicas.has(space)) {
      throw new Error(`Space ${space} is already mounted.`);
    }
    replaceChildren(container);
    addEventListener(container, "submit", (event) => event.preventDefault());
    this.#replicas.set(space, new Replica(space, container));
    return this;
  }

  /** The spaces mounted on this page, in mount order. */
  get mounted() {
    return [...this.#replicas.keys()];
  }

  /** True when the page holds a replica of `space` (mounted, and a whole document arrived). */
  holds(space) {
    return this.#held(space) !== null;
  }

  /** The version of the replica of `space` (a number), or null when none is held. */
  version(space) {
    const version = this.#replicas.get(space)?.version ?? null;
    return version === null ? null : Number(version);
  }

  /** The document hash of the replica of `space`, 16 hex digits, or null when none is held. */
  hashHex(space) {
    const replica = this.#held(space);
    return replica === null ? null : documentHashHex(replica.tree);
  }

  /** The replica of `space` as canonical HTML (`<body …>…</body>`), or null when none is held. */
  outerHtml(space) {
    const replica = this.#held(space);
    return replica === null ? null : outerHtml(replica.tree, replica.tree.body);
  }

  /** The attributes of the space's `<body>` as `[name, value]` pairs (a copy), or null when none is held. */
  bodyAttributes(space) {
    const replica = this.#held(space);
    return replica === null ? null : replica.bodyAttributes.map(([name, value]) => [name, value]);
  }

  /**
   * The value of `Pavel-Version` for (re)opening the session, so that the server sends only what was missed:
   * `main=42, lab=7`; null when no replica is held (then send none).
   */
  resumeHeaderValue() {
    const held = [...this.#replicas.values()].filter((r) => r.version !== null);
    return held.length === 0 ? null : held.map((r) => `${r.space}=${r.version}`).join(", ");
  }

  /** Calls `listener({space, version})` after each change of a replica. Returns an unsubscribe function. */
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Answers a reverse request on /doc/ as ptth.js hands it (`{method, uri, headers, header(name), body}`) with
   * `{status, headers, body}`. Never throws for a bad request: it answers it.
   */
  handle(request) {
    try {
      const doc = parseRequest(request.method, request.uri);
      switch (doc.method) {
        case "GET":
          return this.#read(doc);
        case "PUT":
          // An op may replace "/" too; only the whole document comes without a base version.
          return doc.path.isRoot && request.header(BASE) == null
            ? this.#replaceWhole(request, doc)
            : this.#apply(request, doc);
        case "POST":
        case "DELETE":
          return this.#apply(request, doc);
        default:
          return answer(405, { Allow: "GET, PUT, POST, DELETE", "Content-Type": TEXT },
            `A replica answers GET, PUT, POST and DELETE on /doc/, not ${doc.method}.`);
      }
    } catch (error) {
      if (Number.isInteger(error?.status) && error.status >= 400) {
        return answer(error.status, { "Content-Type": TEXT, ...error.headers }, error.message);
      }
      throw error;
    }
  }

  #apply(request, doc) {
    const op = toOp(doc, request.body ?? "");
    const base = expectVersion(request, BASE);
    const version = expectVersion(request, VERSION);
    if (version !== base + 1n) {
      throw new ReplicaProblem(400,
        `An op moves a space by one version, not from ${base} (Pavel-Base) to ${version} (Pavel-Version).`);
    }
    const replica = this.#replicas.get(doc.space);
    if (replica === undefined || replica.version === null) {
      throw new ReplicaProblem(409, `This page holds no replica of space ${doc.space} yet; it needs the whole document first.`);
    }
    if (replica.version >= version) {
      return answer(204); // a repeat: already applied
    }
    if (replica.version !== base) {
      throw new ReplicaProblem(409, `The replica of ${doc.space} is at version ${replica.version}, not ${base}.`,
        { [VERSION]: String(replica.version) });
    }
    replica.apply(op);
    replica.version = version;
    this.#changed(replica);
    return answer(204);
  }

  #replaceWhole(request, doc) {
    const version = expectVersion(request, VERSION);
    const replica = this.#replicas.get(doc.space);
    if (replica === undefined) {
      throw new ReplicaProblem(404, `This page shows no space ${doc.space}; it keeps no replica of it.`);
    }
    const { attributes, nodes } = parseBody(request.body ?? "");
    replica.replaceBody(attributes, nodes);
    replica.version = version;
    this.#changed(replica);
    return answer(204);
  }

  #read(doc) {
    const replica = this.#held(doc.space);
    if (replica === null) {
      throw new ReplicaProblem(404, `This page holds no replica of space ${doc.space}.`);
    }
    if (doc.path.isRoot) {
      return answer(200, { [VERSION]: String(replica.version), ETag: `"${documentHashHex(replica.tree)}"` });
    }
    const found = doc.path.select(replica.tree);
    if (found.length === 0) {
      throw new ReplicaProblem(404, `No node matches ${doc.path} in the replica of ${doc.space} at version ${replica.version}.`);
    }
    if (found.length > 1) {
      throw new ReplicaProblem(409, `The path ${doc.path} selects ${found.length} nodes; a GET answers with one.`);
    }
    const [match] = found;
    const headers = { [VERSION]: String(replica.version), "Content-Type": match.kind === "element" ? HTML : TEXT };
    switch (match.kind) {
      case "element":
        return answer(200, headers, outerHtml(replica.tree, match.element));
      case "text":
        return answer(200, headers, replica.tree.text(match.node));
      default:
        return answer(200, headers, match.value);
    }
  }

  #held(space) {
    const replica = this.#replicas.get(space);
    return replica === undefined || replica.version === null ? null : replica;
  }

  #changed(replica) {
    const event = Object.freeze({ space: replica.space, version: Number(replica.version) });
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener (a view, a test probe) must not fail the op or keep the others uninformed.
        console.error(`A replica listener failed on ${event.space} at version ${event.version}`, error);
      }
    }
  }
}

/** One mounted space: its container (the body), the body's attributes and the version (null until it arrives). */
class Replica {
  constructor(space, container) {
    this.space = space;
    this.version = null;
    this.bodyAttributes = [];
    this.tree = new ReplicaTree(container, this.bodyAttributes);
  }

  get body() {
    return this.tree.body;
  }

  /** Applies a checked op to the DOM; throws a problem before changing anything when it cannot apply. */
  apply(op) {
    const tree = this.tree;
    const target = op.path.isRoot ? this.body : op.path.expectElement(tree, String(this.version));
    switch (op.kind) {
      case "replace": {
        if (target === this.body) {
          const { attributes, nodes } = parseBody(op.html);
          this.replaceBody(attributes, nodes);
          return;
        }
        const parent = parentNode(target);
        const nodes = this.#fragment(op.html, parent);
        for (const node of nodes) {
          insertBefore(parent, node, target);
        }
        removeChild(parent, target);
        normalize(parent);
        return;
      }
      case "insert": {
        let parent = target;
        let before = null;
        if (op.at === "first") {
          before = childNodes(target)[0] ?? null;
        } else if (op.at === "before" || op.at === "after") {
          if (target === this.body) {
            throw new ReplicaProblem(400,
              `Nothing can be inserted ${op.at} the <body>; insert first or append inside it.`);
          }
          parent = parentNode(target);
          before = op.at === "before" ? target : nextSibling(target);
        }
        const nodes = this.#fragment(op.html, parent);
        if (nodes.length > 0 && VOID_ELEMENTS.has(tree.name(parent))) {
          throw new ReplicaProblem(422, `The fragment was refused: <${tree.name(parent)}> cannot have content.`);
        }
        for (const node of nodes) {
          insertBefore(parent, node, before);
        }
        normalize(parent);
        return;
      }
      case "remove": {
        if (op.path.leaf?.kind === "attribute") {
          this.#removeAttribute(target, op.path.leaf.name);
          return;
        }
        if (target === this.body) {
          throw new ReplicaProblem(400,
            "The <body> itself cannot be removed or have siblings; replace '/' to change the whole document.");
        }
        const parent = parentNode(target);
        removeChild(parent, target);
        normalize(parent);
        return;
      }
      default: {
        const value = normalizeCharacters(op.value);
        if (op.path.leaf.kind === "attribute") {
          this.#setAttribute(target, op.path.leaf.name, value);
        } else {
          this.#setText(target, value);
        }
      }
    }
  }

  /** Takes a parsed body: its attributes and its content. */
  replaceBody(attributes, nodes) {
    this.bodyAttributes.splice(0, this.bodyAttributes.length, ...attributes);
    replaceChildren(this.body, ...nodes);
    normalize(this.body);
  }

  /** The fragment's nodes, guarded, and not nesting deeper than a document may below `parent`. */
  #fragment(html, parent) {
    const nodes = parseFragment(html);
    const depth = this.tree.depth(parent);
    for (const node of nodes) {
      if (depth + height(node) > MAX_DEPTH) {
        throw new ReplicaProblem(422, `The fragment was refused: it would nest deeper than ${MAX_DEPTH} levels.`);
      }
    }
    return nodes;
  }

  #setAttribute(element, name, value) {
    const elementName = this.tree.name(element);
    if (!isAttributeName(name)) {
      throw new ReplicaProblem(422, `The fragment was refused: attribute ${name}: not a valid attribute name.`);
    }
    const refusal = checkAttribute(elementName, name, value);
    if (refusal !== null) {
      throw new ReplicaProblem(422, `The fragment was refused: ${refusal}.`);
    }
    if (element !== this.body) {
      setAttribute(element, name, value); // keeps an existing attribute's place, as the model does
      return;
    }
    const existing = this.bodyAttributes.find(([n]) => n === name);
    if (existing) {
      existing[1] = value;
    } else {
      this.bodyAttributes.push([name, value]);
    }
  }

  #removeAttribute(element, name) {
    if (this.tree.attribute(element, name) === null) {
      throw new ReplicaProblem(404, `<${this.tree.name(element)}> has no attribute '${name}'.`);
    }
    if (element !== this.body) {
      removeAttribute(element, name);
      return;
    }
    const at = this.bodyAttributes.findIndex(([n]) => n === name);
    this.bodyAttributes.splice(at, 1);
  }

  #setText(element, text) {
    if (text.length > 0 && VOID_ELEMENTS.has(this.tree.name(element))) {
      throw new ReplicaProblem(422, `The fragment was refused: <${this.tree.name(element)}> cannot have content.`);
    }
    if (text.length === 0) {
      replaceChildren(element);
    } else {
      replaceChildren(element, newText(text));
    }
  }
}

/**
 * Reads `/doc/{space}{path}[?at=…]`, percent-encoded or not, as shared-model's DocRequest.parse does.
 *
 * @returns {{method: string, space: string, path: NodePath, at: string | null}}
 */
export function parseRequest(method, uri) {
  if (typeof uri !== "string" || !uri.startsWith(PREFIX)) {
    throw new ReplicaProblem(400, `A document request goes to /doc/{space}{path}, not ${uri}.`);
  }
  const question = uri.indexOf("?");
  const target = question < 0 ? uri : uri.slice(0, question);
  const slash = target.indexOf("/", PREFIX.length);
  const space = decodeComponent(slash < 0 ? target.slice(PREFIX.length) : target.slice(PREFIX.length, slash));
  const rawPath = slash < 0 ? "/" : target.slice(slash);
  if (!SPACE_NAME.test(space)) {
    throw new ReplicaProblem(400,
      `'${space}' is not a space name: a letter or digit, then up to 63 letters, digits, '.', '_' or '-'.`);
  }
  let at = question < 0 ? null : placement(uri.slice(question + 1));
  if (at !== null && !PLACEMENTS.has(at)) {
    throw new ReplicaProblem(400, `Unknown placement '${at}': use first, before, after or append.`);
  }
  if (at === "append") {
    at = null;
  }
  const path = NodePath.parse(rawPath === "" ? "/" : rawPath);
  const upper = String(method).toUpperCase();
  if (at !== null && upper !== "POST") {
    throw new ReplicaProblem(400, `?at= places a POST; a ${upper} takes no placement.`);
  }
  return { method: upper, space, path, at };
}

/** The op a request asks for, as shared-model's DocRequest.toOp gives it. */
function toOp(doc, body) {
  switch (doc.method) {
    case "PUT":
      return doc.path.leaf === null
        ? { kind: "replace", path: doc.path, html: body }
        : { kind: "set", path: doc.path, value: body };
    case "POST":
      if (doc.path.leaf !== null) {
        throw new ReplicaProblem(400, `Nothing can be inserted into ${doc.path}; PUT sets an attribute or text.`);
      }
      return { kind: "insert", path: doc.path, at: doc.at ?? "append", html: body };
    case "DELETE":
      if (doc.path.leaf?.kind === "text") {
        throw new ReplicaProblem(400, `Text is not removed by path; set ${doc.path} to "" instead.`);
      }
      return { kind: "remove", path: doc.path };
    default:
      throw new ReplicaProblem(400, `${doc.method} does not change a document; use PUT, POST or DELETE.`);
  }
}

/** The version in header `name`: 1 to 18 decimal digits, as a BigInt; 400 otherwise. */
function expectVersion(request, name) {
  const value = request.header(name);
  if (value == null) {
    throw new ReplicaProblem(400, `${request.method} ${request.uri} needs a ${name} header.`);
  }
  if (!/^[0-9]+$/.test(value) || value.length > MAX_VERSION_DIGITS) {
    throw new ReplicaProblem(400, `${name} '${value}' is not a version (a decimal number).`);
  }
  return BigInt(value);
}

/** The `at` parameter of a query, or null; 400 when it is given twice. */
function placement(query) {
  let found = null;
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (name === "at") {
      if (found !== null) {
        throw new ReplicaProblem(400, "?at= is given more than once.");
      }
      found = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1));
    }
  }
  return found;
}

/** Percent-decoding as the server's (a `+` stays a `+`). */
function decodeComponent(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ReplicaProblem(400, `'${s}' has a broken percent-escape.`);
  }
}

/**
 * Text and attribute values get the newlines HTML parsing would give them (CR LF and CR become LF); U+0000, which
 * parsing drops or replaces, is refused.
 */
function normalizeCharacters(value) {
  if (value.includes("\0")) {
    throw new ReplicaProblem(422, "The fragment was refused: U+0000: HTML cannot hold a NUL character.");
  }
  return value.includes("\r") ? value.replaceAll("\r\n", "\n").replaceAll("\r", "\n") : value;
}

function answer(status, headers = {}, body = "") {
  return { status, headers, body };
}
