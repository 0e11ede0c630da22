// A mounted space seen as a Pavel document: the mount container stands for the space's <body>.
//
// The container is the page's element (a `<section class="space">`), so its own name and attributes are the page's
// business; the space's body has the name `body` and attributes of its own, which this view keeps beside the DOM.
// Everything inside the container is the document. Node paths (node-path.js), the document hash (doc-hash.js) and
// the canonical HTML (canonical-html.js) all read a space through this view.

import {
  ELEMENT_NODE, TEXT_NODE, attributePairs, childNodes, compareDocumentPosition, localName, nodeType, parentNode,
  textData,
} from "/dom.js";

const FOLLOWING = Node.DOCUMENT_POSITION_FOLLOWING;

export class ReplicaTree {
  /**
   * @param {Element} container the element that stands for `<body>`
   * @param {[string, string][]} bodyAttributes the body's attributes, in order (the view reads the live array)
   */
  constructor(container, bodyAttributes) {
    this.body = container;
    this.bodyAttributes = bodyAttributes;
  }

  /** The element's lowercase name; `body` for the container. */
  name(element) {
    return element === this.body ? "body" : localName(element);
  }

  /** The element's attributes in order, as `[name, value]` pairs. */
  attributes(element) {
    return element === this.body ? this.bodyAttributes : attributePairs(element);
  }

  /** The value of the attribute named exactly `name` (names are not folded to lowercase), or null. */
  attribute(element, name) {
    for (const [n, v] of this.attributes(element)) {
      if (n === name) {
        return v;
      }
    }
    return null;
  }

  /** The element and text children of `element`, in order. */
  children(element) {
    return childNodes(element).filter((child) => {
      const type = nodeType(child);
      return type === ELEMENT_NODE || type === TEXT_NODE;
    });
  }

  isElement(node) {
    return nodeType(node) === ELEMENT_NODE;
  }

  /** The text of a text node. */
  text(node) {
    return textData(node);
  }

  /** The parent element, or null for the body. */
  parent(node) {
    return node === this.body ? null : parentNode(node);
  }

  /** How deep `element` is: 1 for the body. */
  depth(element) {
    let depth = 1;
    for (let e = element; e !== this.body; e = parentNode(e)) {
      depth++;
    }
    return depth;
  }

  /** Document order, for sorting. */
  compare(a, b) {
    if (a === b) {
      return 0;
    }
    return compareDocumentPosition(a, b) & FOLLOWING ? -1 : 1;
  }
}

/**
 * The children of `element` as the document model keeps them: no empty texts and never two texts side by side.
 * Each item is `{element}` or `{text}`.
 */
export function normalizedChildren(tree, element) {
  const out = [];
  let pending = null;
  for (const child of tree.children(element)) {
    if (tree.isElement(child)) {
      if (pending) {
        out.push({ text: pending });
        pending = null;
      }
      out.push({ element: child });
    } else {
      pending = (pending ?? "") + tree.text(child);
    }
  }
  if (pending) {
    out.push({ text: pending });
  }
  return out;
}
