import { describe, expect, it } from "vitest";
import { type MetricsExposition, PromClientExposition, TextExposition } from "./metricsExposition";
import type { MetricFamily } from "./renderPrometheus";

const families = (docs: number, frames: number): MetricFamily[] => [
  {
    name: "tablecloth_docs_loaded",
    help: "Docs in memory.",
    type: "gauge",
    samples: [{ value: docs }],
  },
  {
    name: "tablecloth_frames_total",
    help: 'Frames by "kind".',
    type: "counter",
    samples: [
      { labels: { kind: "sync" }, value: frames },
      { labels: { kind: 'aw"are' }, value: 2 },
    ],
  },
];

/** `name{labels} value` lines, order-free, so both renderers can be compared. */
function sampleLines(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .sort();
}

describe.each<[string, () => MetricsExposition]>([
  ["prom-client", () => new PromClientExposition()],
  ["text fallback", () => new TextExposition()],
])("%s exposition", (_name, make) => {
  it("renders every family's name, type and samples, and follows new snapshots", async () => {
    const exposition = make();
    expect(exposition.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const first = await exposition.render(families(3, 10));
    expect(first).toContain("# TYPE tablecloth_docs_loaded gauge");
    expect(first).toContain("# TYPE tablecloth_frames_total counter");
    expect(sampleLines(first)).toEqual(
      [
        "tablecloth_docs_loaded 3",
        'tablecloth_frames_total{kind="sync"} 10',
        'tablecloth_frames_total{kind="aw\\"are"} 2',
      ].sort(),
    );
    // A later snapshot replaces the values (counters are not added up twice).
    const second = await exposition.render(families(1, 12));
    expect(sampleLines(second)).toContain("tablecloth_docs_loaded 1");
    expect(sampleLines(second)).toContain('tablecloth_frames_total{kind="sync"} 12');
  });
});

describe("PromClientExposition", () => {
  it("keeps a registry per instance", async () => {
    const a = new PromClientExposition();
    const b = new PromClientExposition();
    await a.render(families(5, 1));
    await b.render(families(7, 1));
    expect(sampleLines(await a.render([]))).toContain("tablecloth_docs_loaded 5");
    expect(a.registry).not.toBe(b.registry);
  });
});
