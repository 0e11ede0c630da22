// Clobber-proof DOM access for the replica code.
//
// A shared space holds content other people wrote, and some of it can shadow DOM properties: with
// `<form><input name="childNodes"></form>`, `form.childNodes` is that input, and `<form name="createElement">`
// shadows `document.createElement` (HTMLFormElement and Document let named items override built-ins). The
// sanitizer allows both, so replica code never reads a DOM property of a node in a space directly: it calls the
// prototypes' own getters and methods, taken here once, before any space content exists.

const getter = (prototype, name) => {
  const get = Object.getOwnPropertyDescriptor(prototype, name).get;
  return (node) => get.call(node);
};

const method = (prototype, name) => {
  const fn = prototype[name];
  return (self, ...args) => fn.apply(self, args);
};

export const ELEMENT_NODE = Node.ELEMENT_NODE;
export const TEXT_NODE = Node.TEXT_NODE;
export const HTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

export const nodeType = getter(Node.prototype, "nodeType");
export const parentNode = getter(Node.prototype, "parentNode");
export const firstChild = getter(Node.prototype, "firstChild");
export const nextSibling = getter(Node.prototype, "nextSibling");
export const textData = getter(CharacterData.prototype, "data");
export const localName = getter(Element.prototype, "localName");
export const namespaceURI = getter(Element.prototype, "namespaceURI");
export const attributeMap = getter(Element.prototype, "attributes");
export const templateContent = getter(HTMLTemplateElement.prototype, "content");
export const documentBody = getter(Document.prototype, "body");
export const documentHead = getter(Document.prototype, "head");

const mapLength = getter(NamedNodeMap.prototype, "length");
const mapItem = method(NamedNodeMap.prototype, "item");
const attrName = getter(Attr.prototype, "name");
const attrValue = getter(Attr.prototype, "value");

export const getAttribute = method(Element.prototype, "getAttribute");
export const setAttribute = method(Element.prototype, "setAttribute");
export const removeAttribute = method(Element.prototype, "removeAttribute");
export const insertBefore = method(Node.prototype, "insertBefore");
export const removeChild = method(Node.prototype, "removeChild");
export const normalize = method(Node.prototype, "normalize");
export const replaceChildren = method(Element.prototype, "replaceChildren");
export const compareDocumentPosition = method(Node.prototype, "compareDocumentPosition");
export const addEventListener = method(EventTarget.prototype, "addEventListener");
export const removeEventListener = method(EventTarget.prototype, "removeEventListener");
export const closest = method(Element.prototype, "closest");
export const hasAttribute = method(Element.prototype, "hasAttribute");
export const querySelectorAll = method(Element.prototype, "querySelectorAll");
export const contains = method(Node.prototype, "contains");
export const inputType = getter(HTMLInputElement.prototype, "type");
export const inputValue = getter(HTMLInputElement.prototype, "value");
export const inputChecked = getter(HTMLInputElement.prototype, "checked");
export const selectValue = getter(HTMLSelectElement.prototype, "value");
export const textareaValue = getter(HTMLTextAreaElement.prototype, "value");

const createElement = method(Document.prototype, "createElement");
const createTextNode = method(Document.prototype, "createTextNode");
const setInnerHtml = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML").set;
const pageDocument = document;

/** The child nodes of `node`, as an array (a copy: safe to change the tree while going through it). */
export function childNodes(node) {
  const out = [];
  for (let child = firstChild(node); child !== null; child = nextSibling(child)) {
    out.push(child);
  }
  return out;
}

/** The attributes of `element` in their order, as `[name, value]` pairs. */
export function attributePairs(element) {
  const map = attributeMap(element);
  const out = [];
  for (let i = 0, n = mapLength(map); i < n; i++) {
    const attr = mapItem(map, i);
    out.push([attrName(attr), attrValue(attr)]);
  }
  return out;
}

/** A new text node of this page's document. */
export function newText(text) {
  return createTextNode(pageDocument, text);
}

/**
 * Parses `html` inertly, as the content of a `<template>`: nothing runs, nothing loads, no live element sees it.
 * Returns the template's content (a DocumentFragment of the template's inert document).
 */
export function parseInert(html) {
  const template = createElement(pageDocument, "template");
  setInnerHtml.call(template, html);
  return templateContent(template);
}

/** Parses a whole HTML document inertly (a DOMParser document has no browsing context: nothing runs or loads). */
export function parseInertDocument(html) {
  return new DOMParser().parseFromString(html, "text/html");
}
