import { Counter, Gauge, Registry } from "prom-client";
import { type MetricFamily, PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "./renderPrometheus";

/** Turns a snapshot of metric families into the `/metrics` body. */
export interface MetricsExposition {
  readonly contentType: string;
  render(families: readonly MetricFamily[]): Promise<string>;
}

type Metric = Counter<string> | Gauge<string>;

/**
 * prom-client behind `MetricsExposition`: one `Registry` per instance (never the global one, so
 * several servers in one process keep their own). Each family becomes a counter or gauge the
 * first time it is seen and is reset and filled from the snapshot on every render.
 */
export class PromClientExposition implements MetricsExposition {
  readonly registry = new Registry();
  readonly contentType: string = this.registry.contentType;
  private readonly metrics = new Map<string, { metric: Metric; labelNames: string }>();

  async render(families: readonly MetricFamily[]): Promise<string> {
    for (const family of families) {
      const labelNames = [
        ...new Set(family.samples.flatMap((sample) => Object.keys(sample.labels ?? {}))),
      ].sort();
      const metric = this.metricFor(family, labelNames);
      metric.reset();
      for (const sample of family.samples) {
        const labels = sample.labels ?? {};
        if (metric instanceof Counter) metric.inc(labels, sample.value);
        else metric.set(labels, sample.value);
      }
    }
    // prom-client puts a blank line between families; the exposition format needs none.
    return (await this.registry.metrics()).replace(/\n{2,}/g, "\n");
  }

  private metricFor(family: MetricFamily, labelNames: readonly string[]): Metric {
    const key = labelNames.join(",");
    const known = this.metrics.get(family.name);
    if (known !== undefined && known.labelNames === key) return known.metric;
    if (known !== undefined) this.registry.removeSingleMetric(family.name);
    const options = {
      name: family.name,
      help: family.help,
      labelNames,
      registers: [this.registry],
    };
    const metric = family.type === "counter" ? new Counter(options) : new Gauge(options);
    this.metrics.set(family.name, { metric, labelNames: key });
    return metric;
  }
}

/** The hand-written text renderer behind the same interface (the fallback; no per-render state). */
export class TextExposition implements MetricsExposition {
  readonly contentType = PROMETHEUS_CONTENT_TYPE;

  async render(families: readonly MetricFamily[]): Promise<string> {
    return renderPrometheus(families);
  }
}
