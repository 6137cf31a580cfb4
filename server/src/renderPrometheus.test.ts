import { describe, expect, it } from "vitest";
import { renderPrometheus } from "./renderPrometheus";

describe("renderPrometheus", () => {
  it("renders HELP, TYPE and samples with escaped labels", () => {
    const text = renderPrometheus([
      {
        name: "tablecloth_loaded_docs",
        help: "Docs in memory.",
        type: "gauge",
        samples: [{ value: 3 }],
      },
      {
        name: "tablecloth_closes_total",
        help: "Closes,\nby code.",
        type: "counter",
        samples: [
          { labels: { code: "4400" }, value: 2 },
          { labels: { reason: 'say "hi"\\' }, value: Number.POSITIVE_INFINITY },
        ],
      },
    ]);
    expect(text).toBe(
      [
        "# HELP tablecloth_loaded_docs Docs in memory.",
        "# TYPE tablecloth_loaded_docs gauge",
        "tablecloth_loaded_docs 3",
        "# HELP tablecloth_closes_total Closes,\\nby code.",
        "# TYPE tablecloth_closes_total counter",
        'tablecloth_closes_total{code="4400"} 2',
        'tablecloth_closes_total{reason="say \\"hi\\"\\\\"} +Inf',
        "",
      ].join("\n"),
    );
  });
});
