/** The value of an unlabelled sample in Prometheus text, or undefined when absent. */
export function metricValue(text: string, name: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

export async function fetchMetric(baseUrl: string, name: string): Promise<number | undefined> {
  const response = await fetch(`${baseUrl}/metrics`);
  return metricValue(await response.text(), name);
}
