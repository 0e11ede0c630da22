// The document hash, as shared-model's pavel.model.DocumentHash defines it: the same document gives the same 16
// hex digits on the server, the desktop app and here. All arithmetic is modulo 2^64 on unsigned values:
//
//   str(s)      = FNV-1a 64 over the UTF-16 code units of s
//   mix(x)      = the SplitMix64 finalizer
//   text(t)     = mix(str(t) + TEXT)
//   attr(n, v)  = mix(str(n) * ATTR + str(v))
//   element(e)  = mix(str(name) + ATTR * Σ attr(a_j) * R^j + CHILD * Σ hash(c_i) * R^i)
//   document    = element(body), as 16 lowercase hex digits
//
// Children are hashed as the model keeps them (no empty and no adjacent texts), whatever the DOM holds.
//
//   import { documentHashHex } from "/doc-hash.js";
//   documentHashHex(new ReplicaTree(container, bodyAttributes));   // "5f0c2a…"

import { normalizedChildren } from "/replica-tree.js";

const MASK = (1n << 64n) - 1n;
const R = 0x9e3779b97f4a7c15n;
const ATTR = 0xc2b2ae3d27d4eb4fn;
const CHILD = 0x165667b19e3779f9n;
const TEXT = 0x27d4eb2f165667c5n;
const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;
const TWO_32 = 4294967296;

/**
 * FNV-1a 64 over the UTF-16 code units of `s`, as a BigInt. The hot loop runs on two 32-bit halves: the prime is
 * 2^40 + 0x1b3, so h * prime = h * 0x1b3 + (low half << 40), every partial product exact in a double.
 */
export function stringHash(s) {
  let hi = FNV_OFFSET_HI;
  let lo = FNV_OFFSET_LO;
  for (let i = 0, n = s.length; i < n; i++) {
    lo = (lo ^ s.charCodeAt(i)) >>> 0;
    const low = lo * 0x1b3;
    const carry = Math.floor(low / TWO_32);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The SplitMix64 finalizer. */
export function mix(x) {
  x ^= x >> 30n;
  x = (x * 0xbf58476d1ce4e5b9n) & MASK;
  x ^= x >> 27n;
  x = (x * 0x94d049bb133111ebn) & MASK;
  x ^= x >> 31n;
  return x;
}

export function textHash(text) {
  return mix((stringHash(text) + TEXT) & MASK);
}

export function attributeHash(name, value) {
  return mix((stringHash(name) * ATTR + stringHash(value)) & MASK);
}

/** The hash of `element`'s subtree in `tree` (see replica-tree.js), as a BigInt. */
export function elementHash(tree, element) {
  let attributeSum = 0n;
  let weight = 1n;
  for (const [name, value] of tree.attributes(element)) {
    attributeSum = (attributeSum + attributeHash(name, value) * weight) & MASK;
    weight = (weight * R) & MASK;
  }
  let childSum = 0n;
  weight = 1n;
  for (const child of normalizedChildren(tree, element)) {
    const hash = child.element ? elementHash(tree, child.element) : textHash(child.text);
    childSum = (childSum + hash * weight) & MASK;
    weight = (weight * R) & MASK;
  }
  return mix((stringHash(tree.name(element)) + ATTR * attributeSum + CHILD * childSum) & MASK);
}

/** The hash as the 16 lowercase hex digits used in ETags and replica checks. */
export function hex(hash) {
  return hash.toString(16).padStart(16, "0");
}

/** The document hash of `tree` as 16 lowercase hex digits. */
export function documentHashHex(tree) {
  return hex(elementHash(tree, tree.body));
}
