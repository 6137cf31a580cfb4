/** One line of `seating.csv`: who sat at which table in which round, and whether they hosted. */
export interface SeatingRow {
  round: number;
  table: string;
  person: string;
  host: boolean;
}

function csvField(value: string): string {
  // A leading =, +, - or @ would be a formula in a spreadsheet: quote it with a ' in front.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** `seating.csv`: a header, then one row per person per round, in round then table order. */
export function seatingCsv(rows: readonly SeatingRow[]): string {
  const lines = ["round,table,person,host"];
  for (const row of rows) {
    lines.push(
      [String(row.round), csvField(row.table), csvField(row.person), row.host ? "yes" : "no"].join(
        ",",
      ),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
