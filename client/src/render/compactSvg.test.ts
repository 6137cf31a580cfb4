// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { compactSvg } from "./compactSvg";

const LONG =
  "display: flex; font-family: tldraw_draw, sans-serif; color: rgb(0, 0, 0); padding: 16px";
const SHADOW = (id: string) =>
  `<filter id="${id}" x="-10%" y="-10%" width="130%" height="150%">` +
  `<feMorphology in="SourceAlpha" operator="erode" radius="3" result="erode1"/>` +
  `<feGaussianBlur in="erode1" stdDeviation="3" result="blur1"/>` +
  `<feMorphology in="SourceAlpha" operator="erode" radius="10" result="erode2"/>` +
  `<feGaussianBlur in="erode2" stdDeviation="6" result="blur2"/>` +
  `<feMerge><feMergeNode in="blur1"/><feMergeNode in="blur2"/><feMergeNode in="SourceGraphic"/></feMerge>` +
  `</filter>`;

function note(id: string, width = 200, height = 200, extra = ""): string {
  return (
    `<g transform="matrix(1, 0, 0, 1, 10, 20)"><rect rx="1" width="${width}" height="${height}" fill="#9BC4FD" filter="url(#${id})"${extra}/>` +
    `<foreignObject x="0" y="0" width="${width}" height="${height}" class="tl-rich-text">` +
    `<div xmlns="http://www.w3.org/1999/xhtml" style="${LONG}"><p style="margin: 0px">Note ${id}</p></div>` +
    `</foreignObject></g>`
  );
}

function parse(
  body: string,
  sheet = "@font-face { font-family: x; src: url(data:a); }",
): SVGSVGElement {
  const text =
    `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500" style="background-color: rgb(249, 250, 251);">` +
    `<style>${sheet}</style>${body}</svg>`;
  return new DOMParser().parseFromString(text, "image/svg+xml")
    .documentElement as unknown as SVGSVGElement;
}

function rulesOf(svg: SVGSVGElement): Map<string, string> {
  const text = svg.querySelector("style")?.textContent ?? "";
  return new Map([...text.matchAll(/\.([\w-]+)\{([^}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
}

describe("compactSvg: styles", () => {
  it("turns each distinct inline style into one class rule, the same declarations", () => {
    const svg = parse(`<defs>${SHADOW("a")}${SHADOW("b")}</defs>${note("a")}${note("b")}`);
    const report = compactSvg(svg);
    expect(report).toMatchObject({ hoistedStyles: 4, styleRules: 2 });
    const divs = [...svg.querySelectorAll("div")];
    expect(divs.map((d) => d.getAttribute("style"))).toEqual([null, null]);
    const rules = rulesOf(svg);
    const divClass = divs[0]!.getAttribute("class")!;
    expect(divs[1]!.getAttribute("class")).toBe(divClass);
    expect(rules.get(divClass)).toBe(LONG);
    expect(rules.get(svg.querySelector("p")!.getAttribute("class")!)).toBe("margin: 0px");
    // The root's own style stays, and so does the text.
    expect(svg.getAttribute("style")).toBe("background-color: rgb(249, 250, 251);");
    expect(new XMLSerializer().serializeToString(svg)).toContain("Note a</p>");
  });

  it("keeps the other classes of an element and the font-face sheet", () => {
    const svg = parse(
      `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml" class="pseudo-1 tl" style="${LONG}">x</div></foreignObject>`,
    );
    compactSvg(svg);
    const div = svg.querySelector("div")!;
    expect(div.classList.contains("pseudo-1")).toBe(true);
    expect(div.classList.contains("tl")).toBe(true);
    expect(svg.querySelectorAll("style")).toHaveLength(2);
    expect(svg.innerHTML).toContain("@font-face");
  });

  it("leaves styles inline when another rule could compete with a class rule", () => {
    for (const sheet of [
      "div { color: red; }",
      ".tl { color: red; }",
      ".pseudo-1 { color: red; }",
    ]) {
      const svg = parse(note("a"), sheet);
      expect(compactSvg(svg).hoistedStyles).toBe(0);
      expect(svg.querySelector("div")!.getAttribute("style")).toBe(LONG);
    }
  });

  it("hoists beside tldraw's pseudo-element rules", () => {
    const svg = parse(
      note("a"),
      '.pseudo-ab1::before {content: "x";}\n.pseudo-ab1::after {color: red;}',
    );
    expect(compactSvg(svg).hoistedStyles).toBe(2);
  });

  it("leaves a style with braces where it is", () => {
    const odd = 'content: "}"; color: red';
    const svg = parse(
      `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml" style='${odd}'>x</div></foreignObject>`,
    );
    expect(compactSvg(svg).hoistedStyles).toBe(0);
    expect(svg.querySelector("div")!.getAttribute("style")).toBe(odd);
  });
});

describe("compactSvg: note shadows", () => {
  it("replaces the alpha erosions by floods of the inset rectangle, kept within the alpha", () => {
    const svg = parse(`<defs>${SHADOW("a")}</defs>${note("a", 200, 260)}`);
    expect(compactSvg(svg).flattenedErosions).toBe(2);
    const filter = svg.querySelector("filter")!;
    expect(filter.querySelector("feMorphology")).toBeNull();
    const floods = [...filter.querySelectorAll("feFlood")].map((f) =>
      ["x", "y", "width", "height", "flood-opacity", "result"].map((n) => f.getAttribute(n)),
    );
    expect(floods).toEqual([
      ["3", "3", "194", "254", "1", "erode1-inset"],
      ["10", "10", "180", "240", "1", "erode2-inset"],
    ]);
    const composites = [...filter.querySelectorAll("feComposite")].map((c) =>
      ["in", "in2", "operator", "result"].map((n) => c.getAttribute(n)),
    );
    expect(composites).toEqual([
      ["erode1-inset", "SourceAlpha", "in", "erode1"],
      ["erode2-inset", "SourceAlpha", "in", "erode2"],
    ]);
    // The blurs still read the results by their old names, in the old order.
    expect([...filter.children].map((c) => c.localName)).toEqual([
      "feFlood",
      "feComposite",
      "feGaussianBlur",
      "feFlood",
      "feComposite",
      "feGaussianBlur",
      "feMerge",
    ]);
  });

  it("lets same-sized notes share one filter, and keeps another size's own", () => {
    const svg = parse(
      `<defs>${SHADOW("a")}${SHADOW("b")}${SHADOW("c")}</defs>${note("a")}${note("b")}${note("c", 200, 300)}`,
    );
    expect(compactSvg(svg).sharedFilters).toBe(1);
    expect([...svg.querySelectorAll("filter")].map((f) => f.id)).toEqual(["a", "c"]);
    expect([...svg.querySelectorAll("rect")].map((r) => r.getAttribute("filter"))).toEqual([
      "url(#a)",
      "url(#a)",
      "url(#c)",
    ]);
  });

  it("leaves filters alone that do not shade one opaque square rectangle", () => {
    const cases = [
      `<defs>${SHADOW("a")}</defs>${note("a", 200, 200, ' stroke="#000"')}`,
      `<defs>${SHADOW("a")}</defs>${note("a", 200, 200, ' fill-opacity="0.5"')}`,
      `<defs>${SHADOW("a")}</defs>${note("a").replace('rx="1"', 'rx="12"')}`,
      `<defs>${SHADOW("a")}</defs>${note("a").replace('fill="#9BC4FD"', 'fill="url(#g)"')}`,
      `<defs>${SHADOW("a")}</defs>${note("a")}<circle r="5" filter="url(#a)"/>`,
      `<defs>${SHADOW("a")}</defs><circle r="5" filter="url(#a)"/>`,
      `<defs>${SHADOW("a").replace('radius="3"', 'radius="3 5"').replace('radius="10"', 'radius="x"')}</defs>${note("a")}`,
      `<defs>${SHADOW("a").replace("<filter ", '<filter primitiveUnits="objectBoundingBox" ')}</defs>${note("a")}`,
      `<defs>${SHADOW("a")}</defs>${note("a")}<g style="filter: url(#a)"></g>`,
    ];
    for (const body of cases) {
      const svg = parse(body);
      expect(compactSvg(svg).flattenedErosions, body).toBe(0);
      expect(svg.querySelectorAll("feMorphology"), body).toHaveLength(2);
    }
  });
});
