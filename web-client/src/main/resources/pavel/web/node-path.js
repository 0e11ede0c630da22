// Node paths (DESIGN.md "Documents and node paths"): a subset of XPath 1.0 abbreviated syntax with its meaning.
// A port of shared-model's pavel.path (NodePathParser, NodePathEvaluator): the same path selects the same nodes
// in the browser's replica as in the server's document.
//
//   const path = NodePath.parse("/body/div%5B2%5D");     // percent-escapes are decoded
//   path.toString();                                      // "/body/div[2]"
//   path.select(tree);                                    // [{kind: "element", element}, …] in document order
//   path.expectElement(tree);                             // the one element; 404 when none, 409 when several
//
// `tree` is a document seen through a small interface (see ReplicaTree in replica-tree.js): `body`, `name(e)`,
// `attribute(e, name)`, `children(e)` (elements and texts), `isElement(n)`, `parent(e)` (null for the body) and
// `compare(a, b)` (document order).

/** Positions are plain numbers; a longer number selects nothing any document could hold. */
const MAX_POSITION_DIGITS = 9;

/** A node path that does not follow the grammar (400); `index` is the offset in the text as given. */
export class PathSyntaxError extends Error {
  constructor(path, index, expected) {
    super(`Bad node path '${path}': expected ${expected} at character ${index + 1}.`);
    this.name = "PathSyntaxError";
    this.status = 400;
    this.path = path;
    this.index = index;
    this.expected = expected;
  }
}

/** A path that selects no node, or several, where one is needed: 404 or 409. */
export class PathSelectionError extends Error {
  constructor(status, message, count) {
    super(message);
    this.name = "PathSelectionError";
    this.status = status;
    this.count = count;
  }
}

/** An address of nodes; immutable. */
export class NodePath {
  /** `/`: the document itself. */
  static ROOT = new NodePath([], null);

  /**
   * @param {{descendant: boolean, name: string, predicates: object[]}[]} steps
   * @param {null | {kind: "attribute", name: string} | {kind: "text"}} leaf
   */
  constructor(steps, leaf) {
    if (leaf !== null && steps.length === 0) {
      throw new Error(`A leaf (${leafString(leaf)}) needs a step before it.`);
    }
    this.steps = Object.freeze([...steps]);
    this.leaf = leaf;
    Object.freeze(this);
  }

  /** Parses a node path, percent-encoded or not; throws PathSyntaxError. */
  static parse(text) {
    if (typeof text !== "string") {
      throw new TypeError("A node path is a string.");
    }
    return new Parser(text).path();
  }

  get isRoot() {
    return this.steps.length === 0;
  }

  /** This path without its leaf: the element(s) that own the attribute or text. */
  withoutLeaf() {
    return this.leaf === null ? this : new NodePath(this.steps, null);
  }

  /** The elements the steps select, in document order (the leaf is ignored); ROOT gives the body. */
  elements(tree) {
    return this.isRoot ? [tree.body] : evaluate(tree, this.steps);
  }

  /** Everything the path selects, in document order, as XPath 1.0 would. */
  select(tree) {
    return matches(tree, this.elements(tree), this.leaf);
  }

  /** The one element the steps select (the owner, for a path with a leaf); PathSelectionError otherwise. */
  expectElement(tree, version = "?") {
    const found = this.elements(tree);
    if (found.length === 0) {
      throw new PathSelectionError(404, `No node matches ${this.withoutLeaf()} in the document at version ${version}.`, 0);
    }
    if (found.length > 1) {
      throw new PathSelectionError(409,
        `The path ${this.withoutLeaf()} selects ${found.length} nodes; a change needs exactly one.`, found.length);
    }
    return found[0];
  }

  /** The canonical form: no escapes but `%25` for a literal `%`; single quotes unless the value holds one. */
  toString() {
    if (this.steps.length === 0) {
      return "/";
    }
    const out = this.steps.map(stepString).join("");
    return this.leaf === null ? out : `${out}/${leafString(this.leaf)}`;
  }
}

function stepString(step) {
  return (step.descendant ? "//" : "/") + step.name + step.predicates.map(predicateString).join("");
}

function predicateString(p) {
  switch (p.kind) {
    case "position":
      return `[${p.position}]`;
    case "last":
      return "[last()]";
    default: {
      const quote = p.value.includes("'") ? '"' : "'";
      // Paths are read percent-decoded, so a literal % must stay escaped to read back the same.
      return `[@${p.name}=${quote}${p.value.replaceAll("%", "%25")}${quote}]`;
    }
  }
}

function leafString(leaf) {
  return leaf.kind === "attribute" ? `@${leaf.name}` : "text()";
}

// ---- parsing ----

/** Recursive descent over the grammar of DESIGN.md; one instance per parse. */
class Parser {
  #original;
  #text;
  /** For each char of #text, the offset of its first char in #original. */
  #sourceIndex;
  #pos = 0;

  constructor(original) {
    this.#original = original;
    const map = new Array(original.length + 1);
    this.#text = decode(original, map);
    map[this.#text.length] = original.length;
    this.#sourceIndex = map;
  }

  path() {
    if (this.#text.length === 0) {
      throw this.#error("'/'");
    }
    this.#expect("/");
    if (this.#atEnd()) {
      return NodePath.ROOT;
    }
    const steps = [];
    let leaf = null;
    this.#pos--;
    while (!this.#atEnd()) {
      this.#expect("/");
      const descendant = this.#peek("/");
      if (descendant) {
        this.#pos++;
      }
      if (!descendant && steps.length > 0) {
        leaf = this.#leaf();
        if (leaf !== null) {
          if (!this.#atEnd()) {
            throw this.#error(`the end of the path after ${leafString(leaf)}`);
          }
          break;
        }
      }
      steps.push(this.#step(descendant));
    }
    return new NodePath(steps, leaf);
  }

  #leaf() {
    if (this.#peek("@")) {
      this.#pos++;
      return Object.freeze({ kind: "attribute", name: this.#name("an attribute name") });
    }
    if (this.#text.startsWith("text()", this.#pos)) {
      this.#pos += "text()".length;
      return Object.freeze({ kind: "text" });
    }
    return null;
  }

  #step(descendant) {
    let name;
    if (this.#peek("*")) {
      this.#pos++;
      name = "*";
    } else {
      name = this.#name("an element name or '*'");
    }
    const predicates = [];
    while (this.#peek("[")) {
      this.#pos++;
      predicates.push(this.#predicate());
      this.#expect("]");
    }
    return Object.freeze({ descendant, name, predicates: Object.freeze(predicates) });
  }

  #predicate() {
    const text = this.#text;
    if (this.#peek("@")) {
      this.#pos++;
      const name = this.#name("an attribute name");
      this.#expect("=");
      return Object.freeze({ kind: "attribute", name, value: this.#quoted() });
    }
    if (text.startsWith("last()", this.#pos)) {
      this.#pos += "last()".length;
      return Object.freeze({ kind: "last" });
    }
    const start = this.#pos;
    if (this.#atEnd() || text[this.#pos] < "1" || text[this.#pos] > "9") {
      throw this.#error("a position from 1, 'last()' or '@name='");
    }
    while (!this.#atEnd() && text[this.#pos] >= "0" && text[this.#pos] <= "9") {
      this.#pos++;
    }
    if (this.#pos - start > MAX_POSITION_DIGITS) {
      this.#pos = start;
      throw this.#error(`a position of at most ${MAX_POSITION_DIGITS} digits`);
    }
    return Object.freeze({ kind: "position", position: Number(text.slice(start, this.#pos)) });
  }

  #quoted() {
    const text = this.#text;
    if (this.#atEnd() || (text[this.#pos] !== "'" && text[this.#pos] !== '"')) {
      throw this.#error("a quoted value (' or \")");
    }
    const quote = text[this.#pos++];
    const close = text.indexOf(quote, this.#pos);
    if (close < 0) {
      this.#pos = text.length;
      throw this.#error(`the closing ${quote}`);
    }
    for (let i = this.#pos; i < close; i++) {
      const c = text.charCodeAt(i);
      const paired = isHighSurrogate(c) ? i + 1 < close && isLowSurrogate(text.charCodeAt(++i)) : !isLowSurrogate(c);
      if (!paired) {
        this.#pos = i;
        throw this.#error("a whole character (not half of a surrogate pair)");
      }
    }
    const value = text.slice(this.#pos, close);
    this.#pos = close + 1;
    return value;
  }

  #name(what) {
    const text = this.#text;
    const start = this.#pos;
    if (this.#atEnd() || !isNameStart(text.charCodeAt(this.#pos))) {
      throw this.#error(what);
    }
    this.#pos++;
    while (!this.#atEnd() && isNameChar(text.charCodeAt(this.#pos))) {
      this.#pos++;
    }
    return text.slice(start, this.#pos);
  }

  #expect(c) {
    if (!this.#peek(c)) {
      throw this.#error(`'${c}'`);
    }
    this.#pos++;
  }

  #peek(c) {
    return this.#pos < this.#text.length && this.#text[this.#pos] === c;
  }

  #atEnd() {
    return this.#pos >= this.#text.length;
  }

  #error(expected) {
    return new PathSyntaxError(this.#original, this.#sourceIndex[Math.min(this.#pos, this.#text.length)], expected);
  }
}

/** XML NameStartChar without ':' (the BMP part), on a UTF-16 code unit. */
function isNameStart(c) {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f
    || (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff)
    || (c >= 0x370 && c <= 0x37d) || (c >= 0x37f && c <= 0x1fff) || (c >= 0x200c && c <= 0x200d)
    || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff)
    || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd);
}

/** XML NameChar without ':' (the BMP part). */
function isNameChar(c) {
  return isNameStart(c) || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39) || c === 0xb7
    || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

function isHighSurrogate(c) {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c) {
  return c >= 0xdc00 && c <= 0xdfff;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes %XX escapes (UTF-8), filling `map` with the source offset of each decoded char. */
function decode(s, map) {
  if (!s.includes("%")) {
    for (let i = 0; i <= s.length; i++) {
      map[i] = i;
    }
    return s;
  }
  let out = "";
  let i = 0;
  while (i < s.length) {
    if (s[i] !== "%") {
      map[out.length] = i;
      out += s[i];
      i++;
      continue;
    }
    const start = i;
    const bytes = [];
    while (i < s.length && s[i] === "%") {
      const hi = i + 1 < s.length ? hexDigit(s, i + 1) : -1;
      const lo = i + 2 < s.length ? hexDigit(s, i + 2) : -1;
      if (hi < 0 || lo < 0) {
        throw new PathSyntaxError(s, i, "two hex digits after '%'");
      }
      bytes.push(hi * 16 + lo);
      i += 3;
    }
    let decoded;
    try {
      decoded = UTF8.decode(new Uint8Array(bytes));
    } catch {
      throw new PathSyntaxError(s, start, "percent-escapes that spell UTF-8");
    }
    for (let k = 0; k < decoded.length; k++) {
      map[out.length] = start;
      out += decoded[k];
    }
  }
  return out;
}

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * The value of the hex digit at `s[i]`, or -1: what Java's `Character.digit(c, 16)` gives, which also takes
 * fullwidth Latin letters and the decimal digits of every script (rare in a path, but the server reads them).
 */
function hexDigit(s, i) {
  const c = s.charCodeAt(i);
  if (c >= 0x30 && c <= 0x39) {
    return c - 0x30;
  }
  if (c >= 0x61 && c <= 0x66) {
    return c - 0x61 + 10;
  }
  if (c >= 0x41 && c <= 0x46) {
    return c - 0x41 + 10;
  }
  if (c >= 0xff21 && c <= 0xff26) {
    return c - 0xff21 + 10;
  }
  if (c >= 0xff41 && c <= 0xff46) {
    return c - 0xff41 + 10;
  }
  if (c > 0x7f && !isHighSurrogate(c) && !isLowSurrogate(c) && DECIMAL_DIGIT.test(s[i])) {
    // Decimal digits come in runs of ten, zero first.
    let zero = c;
    while (zero > 0 && DECIMAL_DIGIT.test(String.fromCharCode(zero - 1)) && c - (zero - 1) < 10) {
      zero--;
    }
    return c - zero;
  }
  return -1;
}

// ---- evaluation (XPath 1.0 semantics; results are node-sets in document order) ----

function evaluate(tree, steps) {
  // null stands for the root node, whose only child is <body>.
  let contexts = [null];
  let mayBeNested = false;
  for (const step of steps) {
    if (contexts.length === 0) {
      return [];
    }
    const next = [];
    if (step.descendant) {
      for (const context of prune(tree, contexts)) {
        if (context === null) {
          next.push(...filter(tree, [tree.body], step));
          walk(tree, tree.body, step, next);
        } else {
          walk(tree, context, step, next);
        }
      }
      mayBeNested = true;
    } else {
      for (const context of contexts) {
        next.push(...filter(tree, context === null ? [tree.body] : tree.children(context), step));
      }
      // Children of nested contexts interleave; without a // before, contexts are never nested.
      if (mayBeNested && prune(tree, contexts).length < contexts.length) {
        next.sort((a, b) => tree.compare(a, b));
      }
    }
    contexts = next;
  }
  return contexts;
}

function matches(tree, elements, leaf) {
  if (leaf === null) {
    return elements.map((element) => ({ kind: "element", element }));
  }
  if (leaf.kind === "attribute") {
    const out = [];
    for (const element of elements) {
      const value = tree.attribute(element, leaf.name);
      if (value !== null) {
        out.push({ kind: "attribute", element, name: leaf.name, value });
      }
    }
    return out;
  }
  const texts = [];
  for (const element of elements) {
    for (const child of tree.children(element)) {
      if (!tree.isElement(child)) {
        texts.push(child);
      }
    }
  }
  if (prune(tree, elements).length < elements.length) {
    texts.sort((a, b) => tree.compare(a, b));
  }
  return texts.map((node) => ({ kind: "text", node }));
}

/** Appends, in document order, every element below `parent` that the step selects among its siblings. */
function walk(tree, parent, step, out) {
  const children = tree.children(parent);
  const passing = filter(tree, children, step);
  let next = 0;
  for (const child of children) {
    if (tree.isElement(child)) {
      if (next < passing.length && passing[next] === child) {
        out.push(child);
        next++;
      }
      walk(tree, child, step, out);
    }
  }
}

/** The children that pass the name test and then each predicate in turn (positions count what is left). */
function filter(tree, children, step) {
  let candidates = children.filter((child) => tree.isElement(child)
    && (step.name === "*" || step.name === tree.name(child)));
  for (const predicate of step.predicates) {
    if (candidates.length === 0) {
      break;
    }
    switch (predicate.kind) {
      case "position":
        candidates = predicate.position <= candidates.length ? [candidates[predicate.position - 1]] : [];
        break;
      case "last":
        candidates = [candidates[candidates.length - 1]];
        break;
      default:
        candidates = candidates.filter((e) => tree.attribute(e, predicate.name) === predicate.value);
    }
  }
  return candidates;
}

/** Drops every context inside an earlier one: their subtrees are already walked. Contexts are in document order. */
function prune(tree, contexts) {
  if (contexts.length < 2) {
    return contexts;
  }
  const kept = [];
  let last = null;
  for (const context of contexts) {
    if (context === null) {
      return [null];
    }
    if (last === null || !isAncestor(tree, last, context)) {
      kept.push(context);
      last = context;
    }
  }
  return kept;
}

function isAncestor(tree, ancestor, node) {
  for (let a = tree.parent(node); a !== null; a = tree.parent(a)) {
    if (a === ancestor) {
      return true;
    }
  }
  return false;
}
