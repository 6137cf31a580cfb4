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
