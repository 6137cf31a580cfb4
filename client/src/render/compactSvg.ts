/**
 * Shrinks an SVG made by tldraw's exporter without changing what it draws, before it is kept and
 * rasterised. Measured on a 1,000-note PATH poster (tldraw 5.4.2, Chromium, 2 shared cores):
 *
 * - tldraw inlines every computed CSS property into each text label's root (about 6 KB a note):
 *   6.6 MB of the 8.3 MB SVG were `style` attributes with only 9 distinct values. Hoisted into
 *   one class rule each, the SVG is 1.6 MB and Chromium parses it in a quarter of the time.
 * - Each note's shadow filter starts with two `feMorphology` erosions of the note's alpha; in
 *   Chromium's software rasteriser they cost about 10 s of CPU for the 35-megapixel A0 sheet
 *   (the blurs that follow cost under 1 s). The note is an opaque, unstroked, square-cornered
 *   rectangle, so its eroded alpha is that rectangle inset by the radius: an `feFlood` over that
 *   sub-region (kept within the note's own alpha), which costs next to nothing. Same-sized notes
 *   then share one filter. The PNG stays within 2/255 of the raw SVG's per channel (2/255 on
 *   0.06 % of channels for 1,000 notes); a scaled note's shadow edge differs by up to 15/255,
 *   because Chromium rounds a non-integer erosion radius in device pixels where the flood is
 *   exact (`server/src/export/compactRender.test.ts` compares the two in Chromium).
 *
 * Each step checks that it may apply and otherwise leaves the SVG as tldraw made it.
 */

/** The prefix of the class names given to hoisted styles. */
const STYLE_CLASS = "tc-s";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Largest corner radius of a note rectangle whose erosion is taken to be a plain inset rectangle. */
const MAX_CORNER_RADIUS = 2;

export interface CompactReport {
  /** Elements whose `style` attribute became a class. */
  hoistedStyles: number;
  /** Distinct style rules written. */
  styleRules: number;
  /** `feMorphology` erosions replaced by an `feFlood`. */
  flattenedErosions: number;
  /** Filters removed because another, identical one is used instead. */
  sharedFilters: number;
}

/** Compacts `svg` in place (see the file's header) and says what it did. */
export function compactSvg(svg: SVGSVGElement): CompactReport {
  const report: CompactReport = {
    hoistedStyles: 0,
    styleRules: 0,
    flattenedErosions: 0,
    sharedFilters: 0,
  };
  const styled = [...svg.querySelectorAll("[style]")];
  // A filter named in a style would be missed by the filter steps, which read attributes only.
  const filterInStyle = styled.some((el) => /url\(/.test(el.getAttribute("style") ?? ""));
  if (!filterInStyle) flattenNoteShadows(svg, report);
  hoistStyles(svg, styled, report);
  return report;
}

/**
 * Whether the SVG's own style sheets hold nothing that could compete with a hoisted rule: only
 * `@font-face` blocks and tldraw's `.pseudo-…::before/::after` rules (which style pseudo-elements,
 * never the elements themselves). Inline styles beat every author rule; a class rule does not.
 */
function onlyFontsAndPseudoRules(svg: SVGSVGElement): boolean {
  for (const sheet of svg.querySelectorAll("style")) {
    let rest = (sheet.textContent ?? "").replace(/@font-face\s*\{[^{}]*\}/g, "");
    rest = rest.replace(/([^{}]*)\{[^{}]*\}/g, (rule, selector: string) =>
      /^\s*\.pseudo-[\w-]+::(before|after)\s*$/.test(selector) ? "" : rule,
    );
    if (rest.trim() !== "") return false;
  }
  return true;
}

/** Moves each descendant's `style` attribute into one class rule per distinct value. */
function hoistStyles(svg: SVGSVGElement, styled: Element[], report: CompactReport): void {
  if (!onlyFontsAndPseudoRules(svg)) return;
  const classes = new Map<string, string>();
  for (const element of styled) {
    const style = element.getAttribute("style") ?? "";
    // Braces would end the rule early; such a (rare) style stays where it is.
    if (element === svg || style.trim() === "" || /[{}]/.test(style)) continue;
    let name = classes.get(style);
    if (name === undefined) {
      name = `${STYLE_CLASS}${classes.size}`;
      classes.set(style, name);
    }
    element.removeAttribute("style");
    element.classList.add(name);
    report.hoistedStyles++;
  }
  if (classes.size === 0) return;
  const sheet = svg.ownerDocument.createElementNS(SVG_NS, "style");
  sheet.textContent = [...classes].map(([style, name]) => `.${name}{${style}}`).join("\n");
  svg.prepend(sheet);
  report.styleRules = classes.size;
}

function numberAttr(element: Element, name: string, fallback: number | null): number | null {
  const value = element.getAttribute(name);
  if (value === null) return fallback;
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) return null;
  return Number(value);
}

/** The rectangle a shadow filter may treat as its exact alpha, or null when it is not one. */
export function opaqueRect(
  element: Element,
): { x: number; y: number; w: number; h: number } | null {
  if (element.localName !== "rect" || element.namespaceURI !== SVG_NS) return null;
  for (const name of ["stroke", "opacity", "fill-opacity", "transform", "style", "class", "mask"]) {
    const value = element.getAttribute(name);
    if (value !== null && !(name === "stroke" && value === "none")) return null;
  }
  if (element.getAttribute("clip-path") !== null) return null;
  if (!/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(element.getAttribute("fill") ?? "")) return null;
  const x = numberAttr(element, "x", 0);
  const y = numberAttr(element, "y", 0);
  const w = numberAttr(element, "width", null);
  const h = numberAttr(element, "height", null);
  const rx = numberAttr(element, "rx", 0);
  const ry = numberAttr(element, "ry", rx);
  if (x === null || y === null || w === null || h === null || rx === null || ry === null) {
    return null;
  }
  if (rx > MAX_CORNER_RADIUS || ry > MAX_CORNER_RADIUS) return null;
  return { x, y, w, h };
}

const FILTER_REF = /^url\(\s*["']?#([^"')]+)["']?\s*\)$/;

/**
 * Replaces the alpha erosions of single-rectangle shadow filters by floods of the inset
 * rectangle, then lets identical filters be one.
 */
function flattenNoteShadows(svg: SVGSVGElement, report: CompactReport): void {
  const users = new Map<string, Element[]>();
  for (const element of svg.querySelectorAll("[filter]")) {
    const id = FILTER_REF.exec(element.getAttribute("filter") ?? "")?.[1];
    if (id === undefined) continue;
    users.set(id, [...(users.get(id) ?? []), element]);
  }
  const byContent = new Map<string, string>();
  for (const filter of [...svg.querySelectorAll("filter")]) {
    const id = filter.getAttribute("id");
    const using = id === null ? undefined : users.get(id);
    if (id === null || using === undefined || using.length !== 1) continue;
    const rect = opaqueRect(using[0]!);
    if (rect === null) continue;
    const units = filter.getAttribute("primitiveUnits");
    if (units !== null && units !== "userSpaceOnUse") continue;
    let flattened = 0;
    for (const erode of [...filter.children]) {
      if (erode.localName !== "feMorphology") continue;
      if (erode.getAttribute("in") !== "SourceAlpha") continue;
      if (erode.getAttribute("operator") !== "erode") continue;
      if (["x", "y", "width", "height"].some((name) => erode.hasAttribute(name))) continue;
      const radius = numberAttr(erode, "radius", null);
      if (radius === null || radius < 0) continue;
      const flood = svg.ownerDocument.createElementNS(SVG_NS, "feFlood");
      flood.setAttribute("flood-color", "#000");
      flood.setAttribute("flood-opacity", "1");
      flood.setAttribute("x", String(rect.x + radius));
      flood.setAttribute("y", String(rect.y + radius));
      // Zero or less disables the primitive: transparent, as an erosion wider than the note.
      flood.setAttribute("width", String(Math.max(0, rect.w - 2 * radius)));
      flood.setAttribute("height", String(Math.max(0, rect.h - 2 * radius)));
      // A primitive's default sub-region is the union of its inputs' ones: read on its own, the
      // flood would clip the blur that follows to the inset rectangle. Composited with the
      // source alpha (which the flood lies inside), the result spans the filter region again.
      const inset = `${erode.getAttribute("result") ?? "erode"}-inset`;
      flood.setAttribute("result", inset);
      const clip = svg.ownerDocument.createElementNS(SVG_NS, "feComposite");
      clip.setAttribute("in", inset);
      clip.setAttribute("in2", "SourceAlpha");
      clip.setAttribute("operator", "in");
      const result = erode.getAttribute("result");
      if (result !== null) clip.setAttribute("result", result);
      erode.replaceWith(flood, clip);
      flattened++;
    }
    if (flattened === 0) continue;
    report.flattenedErosions += flattened;
    const clone = filter.cloneNode(true) as Element;
    clone.removeAttribute("id");
    const key = new XMLSerializer().serializeToString(clone);
    const shared = byContent.get(key);
    if (shared === undefined) {
      byContent.set(key, id);
      continue;
    }
    using[0]!.setAttribute("filter", `url(#${shared})`);
    filter.remove();
    report.sharedFilters++;
  }
}
