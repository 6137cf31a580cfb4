/** Compact number formatting for tables: 3 significant digits, thousands kept whole. */
export function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (Number.isInteger(value) && abs < 1000) return String(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return "0";
  return value.toPrecision(2);
}

/** ours / reference, formatted, or n/a. */
export function ratio(
  ours: number | null | undefined,
  reference: number | null | undefined,
): string {
  if (ours === null || ours === undefined || reference === null || reference === undefined) {
    return "n/a";
  }
  if (Number.isNaN(ours) || Number.isNaN(reference) || reference === 0) return "n/a";
  return `${(ours / reference).toFixed(2)}×`;
}

export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

export function padStart(text: string, width: number): string {
  return text.length >= width ? text : " ".repeat(width - text.length) + text;
}
