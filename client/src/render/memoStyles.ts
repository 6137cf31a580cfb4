/**
 * tldraw's SVG exporter copies every computed CSS property of every element in its text labels
 * (`foreignObject.tl-export-embed-styles`) into a `style` attribute, reading each element's
 * `computedStyleMap()` (about 350 properties) and its `::before`/`::after` styles. On a 1,000-note
 * PATH poster that is some 3,000 elements and over half of the export's CPU (profiled in
 * Chromium 156, tldraw 5.4.2: `keys`, `get` and `toString` of the style maps), for 9 distinct
 * results. While `run` exports, this module answers those reads once per distinct element
 * context and hands the same answer to every element in an identical context.
 *
 * Two elements get the same computed style when the cascade cannot tell them apart. The context
 * of an element inside a label is, exactly: its label's whole subtree (tags, namespaces, every
 * attribute, the kinds of its child nodes, each element's text direction, which `dir="auto"`
 * takes from the text) and the element's place in it; and, for the label's `foreignObject` and
 * each SVG ancestor up to the export container, its tag and every attribute but `transform`. Left
 * out, on purpose: the text itself (no computed property depends on it beyond the direction,
 * which is in), each shape group's `transform` (not inherited, and no style sheet selects on
 * it) and the shape groups' order (no style sheet selects the export's groups by position).
 * `server/src/export/renderShortcuts.test.ts` holds this to account: a varied board (every note colour,
 * sizes, scales, fonts, alignments, lists past ten items, bold, links, code, headings,
 * right-to-left text, empty notes, geo and text labels) exports to the same SVG with and without
 * the memo, byte for byte.
 *
 * Elements outside labels, other documents (tldraw's default-style frame) and browsers without
 * `computedStyleMap` are answered as before.
 */

/** The class tldraw gives the container it renders an export into (`SVG_EXPORT_CLASSNAME`). */
const EXPORT_CONTAINER_CLASS = "tldraw-svg-export";
const LABEL_SELECTOR = "foreignObject.tl-export-embed-styles";

export interface StyleMemoReport {
  /** `computedStyleMap` calls answered for label elements. */
  reads: number;
  /** Of those, the ones the browser computed (distinct contexts). */
  computed: number;
}

/** The part of a computed style map tldraw's `StyleEmbedder` reads. */
interface StyleMapSnapshot {
  keys(): IterableIterator<string>;
  get(property: string): { toString(): string } | undefined;
}

function snapshotOf(map: StylePropertyMapReadOnly): StyleMapSnapshot {
  const values = new Map<string, string>();
  for (const property of map.keys()) values.set(property, map.get(property)?.toString() ?? "");
  const answers = new Map<string, { toString(): string }>();
  for (const [property, value] of values) answers.set(property, { toString: () => value });
  return {
    keys: () => values.keys(),
    get: (property) => answers.get(property),
  };
}

function attributesOf(element: Element, skip: string | null): string {
  const parts: string[] = [];
  for (const attribute of element.attributes) {
    if (attribute.name === skip) continue;
    parts.push(`${attribute.name}=${JSON.stringify(attribute.value)}`);
  }
  return parts.sort().join(" ");
}

/** A subtree's structure: every element with its attributes and direction, every node's kind. */
function subtreeOf(element: Element): string {
  const rtl = element.matches(":dir(rtl)") ? "rtl" : "ltr";
  let out = `<${element.namespaceURI} ${element.localName} ${attributesOf(element, null)} ${rtl}>`;
  for (const child of element.childNodes) {
    if (child.nodeType === Node.ELEMENT_NODE) out += subtreeOf(child as Element);
    else if (child.nodeType === Node.TEXT_NODE) out += (child as Text).length > 0 ? "t" : "e";
    else out += `#${child.nodeType}`;
  }
  return `${out}</>`;
}

/** Whether the browser knows `:dir()`, which the context keys need. */
function supportsDir(win: Window): boolean {
  try {
    win.document.documentElement.matches(":dir(rtl)");
    return true;
  } catch {
    return false;
  }
}

/** Runs `run` (a tldraw SVG export) with label style reads memoised; see the file's header. */
export async function withMemoisedStyles<T>(
  win: Window & typeof globalThis,
  run: () => Promise<T>,
): Promise<{ result: T; report: StyleMemoReport }> {
  const report: StyleMemoReport = { reads: 0, computed: 0 };
  const proto = win.Element.prototype;
  const original = proto.computedStyleMap;
  if (typeof original !== "function" || !supportsDir(win)) return { result: await run(), report };
  const originalComputedStyle = win.getComputedStyle;
  const labelKeys = new WeakMap<Element, string>();
  const maps = new Map<string, StyleMapSnapshot>();
  const pseudos = new Map<string, CSSStyleDeclaration>();

  const labelKey = (label: Element): string | null => {
    const known = labelKeys.get(label);
    if (known !== undefined) return known;
    let outside = "";
    let at: Element | null = label;
    while (at && !at.classList.contains(EXPORT_CONTAINER_CLASS)) {
      outside += `<${at.namespaceURI} ${at.localName} ${attributesOf(at, "transform")}>`;
      at = at.parentElement;
    }
    // Not inside an export: not ours to answer.
    if (at === null) return null;
    const key = `${outside}|${subtreeOf(label)}`;
    labelKeys.set(label, key);
    return key;
  };

  /** The element's context key, or null when it is not inside an export's label. */
  const contextKey = (element: Element): string | null => {
    if (element.ownerDocument !== win.document) return null;
    const label = element.closest(LABEL_SELECTOR);
    if (label === null || label === element) return null;
    const base = labelKey(label);
    if (base === null) return null;
    const path: number[] = [];
    for (let at: Element = element; at !== label; at = at.parentElement as Element) {
      let index = 0;
      for (let sibling = at.previousSibling; sibling; sibling = sibling.previousSibling) index++;
      path.push(index);
    }
    return `${base}|${path.join(".")}`;
  };

  proto.computedStyleMap = function memoisedComputedStyleMap(this: Element) {
    const key = contextKey(this);
    if (key === null) return original.call(this);
    report.reads++;
    let snapshot = maps.get(key);
    if (snapshot === undefined) {
      report.computed++;
      snapshot = snapshotOf(original.call(this));
      maps.set(key, snapshot);
    }
    // tldraw reads `keys()` and `get(…).toString()` only (StyleEmbedder).
    return snapshot as unknown as StylePropertyMapReadOnly;
  };
  win.getComputedStyle = function memoisedGetComputedStyle(
    element: Element,
    pseudoElement?: string | null,
  ) {
    const key = pseudoElement ? contextKey(element) : null;
    if (key === null) return originalComputedStyle.call(win, element, pseudoElement);
    const full = `${key}|${pseudoElement}`;
    let style = pseudos.get(full);
    if (style === undefined) {
      style = originalComputedStyle.call(win, element, pseudoElement);
      pseudos.set(full, style);
    }
    return style;
  };
  try {
    return { result: await run(), report };
  } finally {
    proto.computedStyleMap = original;
    win.getComputedStyle = originalComputedStyle;
  }
}
