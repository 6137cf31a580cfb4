import { escapeHtml } from "./escapeHtml";

/** One board as the export's pages show it. */
export interface ExportedBoard {
  title: string;
  question: string | null;
  /** The board's folder inside the zip, e.g. `boards/01-table-1`. */
  folder: string;
  /** Files inside the folder: `board.tldr`, `final.svg`, `round-1.png`, … */
  files: string[];
  /** The picture to show, relative to the zip's top, or null when none was rendered. */
  picture: string | null;
  /** What people wrote on it, for the proceedings. */
  texts: string[];
  host: string | null;
}

/** A section of `proceedings.html`: the café harvest now, Open Space session reports later. */
export interface ProceedingsSection {
  heading: string;
  boards: readonly ExportedBoard[];
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2330;background:#fffdf6}
figure{display:inline-block;margin:1rem;vertical-align:top;max-width:28rem}
figure img{max-width:100%;border:1px solid #ccc;background:#fff}
ul.files{font-size:.9em}li.text{white-space:pre-wrap}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'">
<style>${STYLE}</style></head>
<body>${body}</body></html>
`;
}

/** `index.html` at the top of the zip: every board with its picture and links to every file. */
export function indexHtml(input: {
  title: string;
  exportedAt: number;
  boards: readonly ExportedBoard[];
  notRendered: readonly string[];
  topFiles: readonly string[];
}): string {
  const boards = input.boards
    .map(
      (b) => `<figure data-board="${escapeHtml(b.folder)}">
<figcaption><h2>${escapeHtml(b.title)}</h2>${b.question ? `<p>${escapeHtml(b.question)}</p>` : ""}</figcaption>
${b.picture ? `<img src="${escapeHtml(b.picture)}" alt="${escapeHtml(b.title)}">` : "<p>(no picture)</p>"}
<ul class="files">${b.files.map((f) => `<li><a href="${escapeHtml(`${b.folder}/${f}`)}">${escapeHtml(f)}</a></li>`).join("")}</ul>
</figure>`,
    )
    .join("\n");
  const missing =
    input.notRendered.length === 0
      ? ""
      : `<section id="not-rendered"><h2>Not rendered</h2><ul>${input.notRendered.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul></section>`;
  return page(
    input.title,
    `<h1>${escapeHtml(input.title)}</h1>
<p>Exported ${escapeHtml(new Date(input.exportedAt).toISOString())}. Open any <code>.tldr</code> file in tldraw (tldraw.com → Open file).</p>
<ul>${input.topFiles.map((f) => `<li><a href="${escapeHtml(f)}">${escapeHtml(f)}</a></li>`).join("")}</ul>
${missing}
<main>${boards}</main>`,
  );
}

/** One round of a café, for the proceedings: each table's question in it. */
export interface RoundQuestions {
  round: number;
  tables: ReadonlyArray<{ table: string; question: string }>;
}

/** The café's questions round by round (empty when no round was held or none had a question). */
function roundQuestionsHtml(rounds: readonly RoundQuestions[]): string {
  const asked = rounds.filter((r) => r.tables.length > 0);
  if (asked.length === 0) return "";
  const items = asked.map((r) => {
    const distinct = new Set(r.tables.map((t) => t.question));
    const only = distinct.size === 1 ? [...distinct][0] : undefined;
    // One question at every table says it once; otherwise table by table.
    const body =
      only !== undefined
        ? `<p class="question"><em>${escapeHtml(only)}</em></p>`
        : `<ul>${r.tables.map((t) => `<li>${escapeHtml(t.table)}: <em>${escapeHtml(t.question)}</em></li>`).join("")}</ul>`;
    return `<li data-round="${r.round}"><strong>Round ${r.round}</strong>${body}</li>`;
  });
  return `<section id="questions"><h2>Questions, round by round</h2><ol>${items.join("")}</ol></section>`;
}

/** `proceedings.html`: the café's questions by round, then what was written at every table. */
export function proceedingsHtml(
  title: string,
  sections: readonly ProceedingsSection[],
  rounds: readonly RoundQuestions[] = [],
): string {
  const body = sections
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.heading)}</h2>${s.boards
          .map(
            (b) => `<article><h3>${escapeHtml(b.title)}</h3>
${b.question ? `<p><em>${escapeHtml(b.question)}</em></p>` : ""}${b.host ? `<p>Host: ${escapeHtml(b.host)}</p>` : ""}
${b.picture ? `<img src="${escapeHtml(b.picture)}" alt="${escapeHtml(b.title)}" style="max-width:40rem">` : ""}
<ul>${b.texts.map((t) => `<li class="text">${escapeHtml(t)}</li>`).join("")}</ul></article>`,
          )
          .join("\n")}</section>`,
    )
    .join("\n");
  return page(
    `${title}: proceedings`,
    `<h1>${escapeHtml(title)}: proceedings</h1>${roundQuestionsHtml(rounds)}${body}`,
  );
}
