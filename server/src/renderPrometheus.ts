/** One sample of a metric family: a value with optional labels. */
export interface MetricSample {
  labels?: Readonly<Record<string, string>>;
  /** Suffix appended to the family name (`_bucket`, `_sum`, `_count` for histograms). */
  suffix?: string;
  value: number;
}

/** A metric family in the Prometheus text exposition format (0.0.4). */
export interface MetricFamily {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  samples: readonly MetricSample[];
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** Renders metric families as Prometheus text, `# HELP` and `# TYPE` before each family. */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = sample.labels ? Object.entries(sample.labels) : [];
      const labelText =
        labels.length === 0
          ? ""
          : `{${labels.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(",")}}`;
      lines.push(`${family.name}${sample.suffix ?? ""}${labelText} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
