/**
 * Note shadows drawn once, for the PNG only. Chromium rasterises an SVG filter anew for every
 * element that uses it: on a 1,000-note A0 poster the notes' shadow filters (two blurs each) were
 * about 95 % of drawing the PNG (measured: 4.5–7.4 s with them, 0.3 s with the filter attributes
 * removed, Chromium 156 on 2 shared cores). Notes of one size and colour have identical shadows,
 * so each distinct one is drawn once by the browser itself (the same filter on the same
 * rectangle, in an SVG of its own) and the copy of the SVG that is rasterised places that bitmap
 * (`<use>` of one `<image>`) where each note's filtered rectangle was. The kept SVG keeps its
 * filters.
 *
 * Only where the bitmap is exactly what the filter would draw: the rectangle is one
 * `compactSvg` may treat as plain (no stroke, style, class, opacity, transform, mask or clip),
 * its filter is made of primitives that read nothing but the rectangle, and everything between it
 * and the root is a group moved by whole pixels (so the stamp lands on the same pixel grid) with
 * no other attribute than `opacity`, on a sheet drawn at scale 1 whose style sheets cannot reach
 * the rectangle or its filter. Anything else (a scaled or rotated note, a raw SVG) keeps its
 * filter. `server/src/export/renderShortcuts.test.ts` compares the PNGs with and without stamps.
 */

import { opaqueRect } from "./compactSvg";

const SVG_NS = "http://www.w3.org/2000/svg";
const FILTER_REF = /^url\(\s*["']?#([^"')]+)["']?\s*\)$/;
const INTEGER_TRANSLATION =
  /^matrix\(\s*1\s*,\s*0\s*,\s*0\s*,\s*1\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/;
/** Filter primitives that read only their inputs (SourceGraphic/SourceAlpha or earlier results). */
const PLAIN_PRIMITIVES = new Set([
  "feflood",
  "fecomposite",
  "fegaussianblur",
  "feoffset",
  "fecomponenttransfer",
  "fefunca",
  "fefuncr",
  "fefuncg",
  "fefuncb",
  "femerge",
  "femergenode",
  "femorphology",
  "fecolormatrix",
  "feblend",
]);
const ROOT_ATTRIBUTES = new Set([
  "xmlns",
  "direction",
  "width",
  "height",
  "viewBox",
  "stroke-linecap",
  "stroke-linejoin",
  "data-color-mode",
  "class",
  "style",
]);

export interface StampReport {
  /** Filtered rectangles drawn from a stamp. */
  stamped: number;
  /** Distinct stamps drawn. */
  stamps: number;
}

interface Stamp {
  /** The stamp's own SVG: the filter and the rectangle, over the filter region. */
  svg: string;
  width: number;
  height: number;
  /** Where the stamp's top-left corner goes, in the rectangle's user space. */
  users: Array<{ rect: Element; x: number; y: number }>;
}

function fraction(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  const match = /^\s*(-?\d+(?:\.\d+)?)(%?)\s*$/.exec(value);
  if (!match) return null;
  return Number(match[1]) / (match[2] === "%" ? 100 : 1);
}

/** The filter's region in the rectangle's user space, or null when it cannot be stamped. */
function regionOf(filter: Element, rect: { x: number; y: number; w: number; h: number }) {
  const units = filter.getAttribute("filterUnits");
  if (units !== null && units !== "objectBoundingBox") return null;
  const primitiveUnits = filter.getAttribute("primitiveUnits");
  if (primitiveUnits !== null && primitiveUnits !== "userSpaceOnUse") return null;
  for (const name of filter.getAttributeNames()) {
    if (!["id", "x", "y", "width", "height"].includes(name)) return null;
  }
  for (const primitive of filter.querySelectorAll("*")) {
    if (!PLAIN_PRIMITIVES.has(primitive.localName.toLowerCase())) return null;
    if (primitive.hasAttribute("style") || primitive.hasAttribute("class")) return null;
    const input = [primitive.getAttribute("in"), primitive.getAttribute("in2")];
    if (input.some((name) => name === "BackgroundImage" || name === "BackgroundAlpha")) return null;
    if (input.some((name) => name === "FillPaint" || name === "StrokePaint")) return null;
  }
  const fx = fraction(filter.getAttribute("x"), -0.1);
  const fy = fraction(filter.getAttribute("y"), -0.1);
  const fw = fraction(filter.getAttribute("width"), 1.2);
  const fh = fraction(filter.getAttribute("height"), 1.2);
  if (fx === null || fy === null || fw === null || fh === null || fw <= 0 || fh <= 0) return null;
  const x0 = Math.floor(rect.x + fx * rect.w) - 1;
  const y0 = Math.floor(rect.y + fy * rect.h) - 1;
  const x1 = Math.ceil(rect.x + (fx + fw) * rect.w) + 1;
  const y1 = Math.ceil(rect.y + (fy + fh) * rect.h) + 1;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Whether the SVG is drawn at scale 1 on whole pixels, with sheets that only style classes. */
function plainSheet(svg: SVGSVGElement): boolean {
  for (const name of svg.getAttributeNames()) if (!ROOT_ATTRIBUTES.has(name)) return false;
  const style = svg.getAttribute("style") ?? "";
  if (!/^\s*(background-color:\s*[^;:]+;?)?\s*$/.test(style)) return false;
  const box = (svg.getAttribute("viewBox") ?? "")
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box.length !== 4 || !box.every(Number.isInteger)) return false;
  if (String(box[2]) !== svg.getAttribute("width")) return false;
  if (String(box[3]) !== svg.getAttribute("height")) return false;
  const rootClasses = new Set(svg.classList);
  for (const sheet of svg.querySelectorAll("style")) {
    const rules = (sheet.textContent ?? "").replace(/@font-face\s*\{[^{}]*\}/g, "");
    for (const [, selector] of rules.matchAll(/([^{}]*)\{[^{}]*\}/g)) {
      const match = /^\s*\.([\w-]+)(::(before|after))?\s*$/.exec(selector ?? "");
      if (!match || rootClasses.has(match[1] ?? "")) return false;
    }
    if (rules.replace(/([^{}]*)\{[^{}]*\}/g, "").trim() !== "") return false;
  }
  return true;
}

/** Whether every ancestor of `element` below the root is a group moved by whole pixels. */
function onWholePixels(element: Element, root: Element): boolean {
  for (let at = element.parentElement; at && at !== root; at = at.parentElement) {
    if (at.namespaceURI !== SVG_NS || at.localName !== "g") return false;
    for (const name of at.getAttributeNames()) {
      if (name === "opacity") continue;
      if (name === "transform" && INTEGER_TRANSLATION.test(at.getAttribute(name) ?? "")) continue;
      return false;
    }
  }
  return true;
}

/** The distinct stamps of `svg`'s filtered note rectangles (none when it cannot be stamped). */
export function planStamps(svg: SVGSVGElement): Stamp[] {
  if (!plainSheet(svg)) return [];
  const serializer = new XMLSerializer();
  const stamps = new Map<string, Stamp>();
  for (const rect of svg.querySelectorAll("rect[filter]")) {
    const id = FILTER_REF.exec(rect.getAttribute("filter") ?? "")?.[1];
    if (id === undefined) continue;
    const filter = svg.querySelector(`filter[id="${CSS.escape(id)}"]`);
    if (filter === null) continue;
    const box = opaqueRect(rect);
    if (box === null || !Number.isInteger(box.x) || !Number.isInteger(box.y)) continue;
    if (!onWholePixels(rect, svg)) continue;
    const region = regionOf(filter, box);
    if (region === null) continue;
    const drawn = rect.cloneNode(false) as Element;
    const key = `${serializer.serializeToString(filter)}${serializer.serializeToString(drawn)}`;
    let stamp = stamps.get(key);
    if (stamp === undefined) {
      const attrs = [...svg.attributes]
        .filter((a) => !["width", "height", "viewBox", "style", "xmlns"].includes(a.name))
        .map((a) => ` ${a.name}="${a.value.replace(/[&"<]/g, (c) => `&#${c.charCodeAt(0)};`)}"`)
        .join("");
      stamp = {
        svg:
          `<svg xmlns="${SVG_NS}" width="${region.w}" height="${region.h}" ` +
          `viewBox="${region.x} ${region.y} ${region.w} ${region.h}"${attrs}>` +
          `<defs>${serializer.serializeToString(filter)}</defs>` +
          `${serializer.serializeToString(drawn)}</svg>`,
        width: region.w,
        height: region.h,
        users: [],
      };
      stamps.set(key, stamp);
    }
    stamp.users.push({ rect, x: region.x, y: region.y });
  }
  return [...stamps.values()];
}

/**
 * Replaces, in `svg` itself (the copy to rasterise), each stampable filtered rectangle by its
 * stamp, drawn by `draw` (an SVG string to a PNG data URL at its own size, pixel ratio 1).
 * A stamp that fails to draw leaves its rectangles filtered.
 */
export async function stampShadows(
  svg: SVGSVGElement,
  draw: (stamp: { svg: string; width: number; height: number }) => Promise<string | null>,
): Promise<StampReport> {
  const report: StampReport = { stamped: 0, stamps: 0 };
  const stamps = planStamps(svg);
  if (stamps.length === 0) return report;
  const drawn = await Promise.all(stamps.map((stamp) => draw(stamp).catch(() => null)));
  const defs = svg.ownerDocument.createElementNS(SVG_NS, "defs");
  stamps.forEach((stamp, i) => {
    const url = drawn[i];
    if (!url) return;
    const image = svg.ownerDocument.createElementNS(SVG_NS, "image");
    const imageId = `tc-stamp-${i}`;
    image.setAttribute("id", imageId);
    image.setAttribute("width", String(stamp.width));
    image.setAttribute("height", String(stamp.height));
    image.setAttribute("preserveAspectRatio", "none");
    image.setAttribute("href", url);
    defs.append(image);
    report.stamps++;
    for (const user of stamp.users) {
      const use = svg.ownerDocument.createElementNS(SVG_NS, "use");
      use.setAttribute("href", `#${imageId}`);
      use.setAttribute("x", String(user.x));
      use.setAttribute("y", String(user.y));
      user.rect.replaceWith(use);
      report.stamped++;
    }
  });
  if (report.stamps > 0) svg.prepend(defs);
  return report;
}
