import type { Proceedings, ProceedingsBoard } from "./compileProceedings";

export interface RenderProceedingsOptions {
  /** Where a board's link points (in the export: its files; on the server: its page); none by default. */
  readonly boardHref?: (board: ProceedingsBoard) => string | null;
  /** When the proceedings were compiled, shown at the foot. */
  readonly compiledAt?: number;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");

/**
 * The proceedings as one self-contained HTML page (inline styles, no scripts, every text
 * escaped), for `proceedings.html` in the event's export and for printing.
 */
export function renderProceedingsHtml(
  proceedings: Proceedings,
  options: RenderProceedingsOptions = {},
): string {
  const link = (board: ProceedingsBoard) => {
    const href = options.boardHref?.(board) ?? null;
    const title = escapeHtml(board.title);
    return href === null ? title : `<a href="${escapeHtml(href)}">${title}</a>`;
  };
  const sessions = proceedings.sessions.map((s) => {
    const parts = [
      `<section class="session" id="session-${escapeHtml(s.id)}">`,
      `<h2>${escapeHtml(s.title)}</h2>`,
      `<p class="meta">${escapeHtml(s.slot)} · ${escapeHtml(s.space)} · convened by ${escapeHtml(
        s.conveners.join(", "),
      )} · ${s.signUps} signed up</p>`,
    ];
    if (s.mergedTitles.length > 0) {
      parts.push(`<p class="meta">Merged with: ${escapeHtml(s.mergedTitles.join("; "))}</p>`);
    }
    if (s.description.length > 0) parts.push(paragraphs(s.description));
    if (s.report === null) {
      parts.push(`<p class="pending">No report filed yet.</p>`);
    } else {
      const r = s.report;
      parts.push(`<h3>Report</h3>`, paragraphs(r.summary));
      if (r.keyPoints.length > 0) parts.push(`<h3>Key points</h3>`, paragraphs(r.keyPoints));
      if (r.nextSteps.length > 0) parts.push(`<h3>Next steps</h3>`, paragraphs(r.nextSteps));
      parts.push(
        `<p class="meta">Filed by ${escapeHtml(r.authorName)} at ${new Date(r.filedAt).toISOString()}</p>`,
      );
    }
    if (s.boards.length > 0) parts.push(`<p>Boards: ${s.boards.map(link).join(", ")}</p>`);
    parts.push("</section>");
    return parts.join("\n");
  });
  const closing =
    proceedings.closingBoard === null
      ? ""
      : `<section><h2>Closing circle</h2><p>${link(proceedings.closingBoard)}</p></section>`;
  const foot =
    options.compiledAt === undefined
      ? ""
      : `<footer>Compiled ${new Date(options.compiledAt).toISOString()}</footer>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Proceedings: ${escapeHtml(proceedings.title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}
.meta{color:#555;font-size:.9rem}.pending{color:#888;font-style:italic}
.session{border-top:1px solid #ccc;padding-top:1rem;margin-top:1.5rem}
</style>
</head>
<body>
<h1>Proceedings: ${escapeHtml(proceedings.title)}</h1>
${proceedings.purpose.length > 0 ? paragraphs(proceedings.purpose) : ""}
<p class="meta">${proceedings.sessions.length} sessions, ${proceedings.reported} reported.</p>
${sessions.join("\n")}
${closing}
${foot}
</body>
</html>
`;
}
