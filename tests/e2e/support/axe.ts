/// <reference lib="dom" />
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** The impacts the acceptance counts: a page must have none of these. */
const BLOCKING = new Set(["serious", "critical"]);

/** One problem axe-core found, short enough to read in a failure message. */
export interface Violation {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is now and returns its serious and
 * critical violations, each with the first few elements it found them on.
 */
export async function blockingViolations(
  page: Page,
  name: string,
  /** Only these parts of the page (CSS selectors); the whole page when absent. */
  include: readonly string[] = [],
): Promise<Violation[]> {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const selector of include) builder = builder.include(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ""))
    .map((v) => ({
      page: name,
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}

/**
 * WCAG 2.1 1.4.10 (Reflow), which axe-core does not check: on a narrow screen the page must not
 * scroll sideways. Returns one violation (with the widest elements past the right edge, outside
 * tldraw's canvas) when the document is wider than the window.
 */
export async function reflowViolations(page: Page, name: string): Promise<Violation[]> {
  const found = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    // What sticks out of the page itself: not what a scrolling box (a wide wall) or tldraw's
    // canvas holds.
    const clipped = (el: Element) => {
      for (let up = el.parentElement; up !== null && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== "visible") return true;
      }
      return false;
    };
    const past = Array.from(document.querySelectorAll("body *"))
      .filter((el) => !el.closest(".tl-container") && !clipped(el))
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ right }) => right > width)
      .sort((a, b) => b.right - a.right)
      .slice(0, 5)
      .map(({ el, right }) => {
        const id = el.getAttribute("data-testid");
        const cls = el.getAttribute("class");
        return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ""}${cls ? `.${cls.split(" ").join(".")}` : ""} (right ${Math.round(right)})`;
      });
    return { width, scrollWidth, past };
  });
  if (found === null) return [];
  return [
    {
      page: name,
      id: "reflow",
      impact: "serious",
      help: `scrolls sideways: ${found.scrollWidth} px of content in a ${found.width} px window`,
      targets: found.past,
    },
  ];
}
