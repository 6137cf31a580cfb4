import { type CafeState, mergePastRounds, readCafe, readPastRounds } from "@tablecloth/cafe";
import type { RoundSpan } from "@tablecloth/protocol";
import type { DocStore } from "@tablecloth/storage";
import { readDocSchema } from "@tablecloth/tldraw-yjs/server";
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import * as Y from "yjs";
import type { BoardRecord, EventRecord, EventStore } from "../events/EventStore";
import { cafeRoundsDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import type { BoardHistoryService } from "../history/BoardHistoryService";
import { readBoardRecords } from "../history/boardRecords";
import type { BoardRenderer, OpenRenderer } from "./BoardRenderer";
import { boardTexts } from "./boardTexts";
import { type ExportedBoard, indexHtml, proceedingsHtml } from "./exportPages";
import { historyJsonl } from "./historyJsonl";
import { openSpaceProceedingsHtml } from "./openSpaceProceedings";
import { type SeatingRow, seatingCsv } from "./seatingCsv";
import { tldrFile } from "./tldrFile";

export interface ExportDeps {
  eventStore: EventStore;
  store: DocStore;
  sync: SyncControl;
  history: BoardHistoryService;
  openRenderer: OpenRenderer;
  now?: () => number;
}

export interface ExportRequest {
  event: EventRecord;
  /** No names: history authors are "anonymous", seating lists people as "person N". */
  anonymous: boolean;
  /** Only these boards (a participant's own pack); every board when absent. */
  boardIds?: ReadonlySet<string>;
  /** The full export: histories, seating and proceedings. A personal pack has only the cloths. */
  full: boolean;
}

function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .replace(/[\s_]+/g, "-")
      .toLowerCase()
      .slice(0, 40) || "board"
  );
}

/** Everyone's seat in every round: recorded rounds, then the current one when not yet recorded. */
export function seatingRounds(
  cafe: CafeState,
  recorded: readonly { round: number; seating: Readonly<Record<string, string>> }[],
): Array<{ round: number; seating: Readonly<Record<string, string>> }> {
  const rounds = [...mergePastRounds(recorded, cafe.history)];
  const current = cafe.round.phase === "not-started" ? 0 : cafe.round.round;
  if (current > 0 && !rounds.some((r) => r.round === current)) {
    const seating: Record<string, string> = {};
    for (const [id, seat] of Object.entries(cafe.seating))
      if (seat.tableId) seating[id] = seat.tableId;
    rounds.push({ round: current, seating });
  }
  return rounds;
}

/** The boards a participant sat at in any round of the café. */
export async function boardsSatAt(deps: ExportDeps, event: EventRecord, participantId: string) {
  const cafe = await deps.sync.read(event.controlDocName, readCafe);
  const recorded = (await deps.sync.read(cafeRoundsDocName(event.id), readPastRounds)).rounds;
  const tableIds = new Set<string>();
  for (const round of seatingRounds(cafe, recorded)) {
    const tableId = round.seating[participantId];
    if (tableId) tableIds.add(tableId);
  }
  const current = cafe.seating[participantId]?.tableId;
  if (current) tableIds.add(current);
  const boardIds = new Set<string>();
  for (const table of cafe.tables)
    if (tableIds.has(table.id) && table.boardId) boardIds.add(table.boardId);
  return boardIds;
}

/**
 * Builds an event's export as a zip, streamed: `index.html`, per board a folder with its `.tldr`,
 * pictures of its final state and of each round's end, and `history.jsonl`; `seating.csv` and
 * `proceedings.html`. Pictures come from `openRenderer`; what it could not render is listed in
 * `not-rendered.txt` and in `index.html`.
 */
export function buildEventExport(
  deps: ExportDeps,
  request: ExportRequest,
): ReadableStream<Uint8Array> {
  const now = deps.now ?? Date.now;
  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start: (controller) => {
      zip = new Zip((error, chunk, final) => {
        if (error) {
          controller.error(error);
          return;
        }
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      const add = (name: string, data: Uint8Array, compress = true) => {
        const file = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
        zip.add(file);
        file.push(data, true);
      };
      const addText = (name: string, text: string) => add(name, strToU8(text));
      void writeExport(deps, request, now, add, addText).then(
        () => zip.end(),
        (error: unknown) => {
          zip.terminate();
          controller.error(error);
        },
      );
    },
    cancel: () => {
      zip?.terminate();
    },
  });
}

async function writeExport(
  deps: ExportDeps,
  request: ExportRequest,
  now: () => number,
  add: (name: string, data: Uint8Array, compress?: boolean) => void,
  addText: (name: string, text: string) => void,
): Promise<void> {
  const { event, anonymous } = request;
  const boards = (await deps.eventStore.listBoards(event.id)).filter(
    (b) => request.boardIds === undefined || request.boardIds.has(b.id),
  );
  const rounds: RoundSpan[] = await deps.history.rounds(event);
  const ended = rounds.filter((r): r is RoundSpan & { endedAt: number } => r.endedAt !== null);
  const cafe =
    event.format === "world-cafe" ? await deps.sync.read(event.controlDocName, readCafe) : null;
  const participants = await deps.eventStore.listParticipants(event.id);
  const names = new Map(participants.map((p) => [p.id, p.name]));
  const pseudonyms = new Map<string, string>();
  const personName = (id: string) => {
    if (!anonymous) return names.get(id) ?? "unknown";
    if (!pseudonyms.has(id)) pseudonyms.set(id, `person ${pseudonyms.size + 1}`);
    return pseudonyms.get(id) ?? "person";
  };

  const opened = await deps.openRenderer();
  const renderer: BoardRenderer | null = opened.ok ? opened.renderer : null;
  const notRendered: string[] = opened.ok ? [] : [`No pictures: ${opened.reason}.`];
  const exported: ExportedBoard[] = [];
  try {
    let n = 0;
    for (const board of boards) {
      n++;
      exported.push(
        await writeBoard(deps, request, board, n, ended, renderer, notRendered, add, addText),
      );
      const host = cafe?.tables.find((t) => t.boardId === board.id)?.hostId ?? null;
      const last = exported.at(-1);
      if (last && host && !anonymous) last.host = names.get(host) ?? null;
    }
  } finally {
    await renderer?.close();
  }

  const topFiles: string[] = [];
  if (request.full && cafe) {
    const recorded = (await deps.sync.read(cafeRoundsDocName(event.id), readPastRounds)).rounds;
    const tableName = new Map(cafe.tables.map((t) => [t.id, t.name]));
    const hosts = new Set(cafe.tables.map((t) => t.hostId).filter((h) => h !== null));
    const rows: SeatingRow[] = [];
    for (const round of seatingRounds(cafe, recorded)) {
      const seated = Object.entries(round.seating).sort(
        ([, a], [, b]) =>
          cafe.tables.findIndex((t) => t.id === a) - cafe.tables.findIndex((t) => t.id === b),
      );
      for (const [id, tableId] of seated) {
        const host = cafe.tables.find((t) => t.id === tableId)?.hostId === id || false;
        rows.push({
          round: round.round,
          table: tableName.get(tableId) ?? tableId,
          person: personName(id),
          host: host && hosts.has(id),
        });
      }
    }
    addText("seating.csv", seatingCsv(rows));
    topFiles.push("seating.csv");
  }
  if (request.full && event.format === "open-space") {
    const folders = new Map(boards.map((b, i) => [b.id, exported[i]?.folder ?? null]));
    addText(
      "proceedings.html",
      await openSpaceProceedingsHtml(deps.sync, event, { folders, personName, compiledAt: now() }),
    );
    topFiles.push("proceedings.html");
  } else if (request.full) {
    const tables = exported.filter((_, i) => boards[i]?.kind === "table");
    const others = exported.filter((_, i) => boards[i]?.kind !== "table");
    const sections = [{ heading: "Tables", boards: tables }];
    if (others.length > 0) sections.push({ heading: "Other boards", boards: others });
    addText("proceedings.html", proceedingsHtml(event.title, sections));
    topFiles.push("proceedings.html");
  }
  if (notRendered.length > 0) {
    addText("not-rendered.txt", `${notRendered.join("\n")}\n`);
    topFiles.push("not-rendered.txt");
  }
  addText(
    "index.html",
    indexHtml({ title: event.title, exportedAt: now(), boards: exported, notRendered, topFiles }),
  );
}

async function writeBoard(
  deps: ExportDeps,
  request: ExportRequest,
  board: BoardRecord,
  n: number,
  ended: ReadonlyArray<{ round: number; endedAt: number }>,
  renderer: BoardRenderer | null,
  notRendered: string[],
  add: (name: string, data: Uint8Array, compress?: boolean) => void,
  addText: (name: string, text: string) => void,
): Promise<ExportedBoard> {
  const folder = `boards/${String(n).padStart(2, "0")}-${slug(board.title)}`;
  const files: string[] = [];
  const finalState = await deps.store.stateAt(board.docName, Number.MAX_SAFE_INTEGER);
  const { records, schema } = decode(finalState);
  addText(`${folder}/board.tldr`, tldrFile(records.values(), schema));
  files.push("board.tldr");

  const moments: Array<{ name: string; state: Uint8Array }> = [
    { name: "final", state: finalState },
  ];
  for (const round of ended) {
    moments.push({
      name: `round-${round.round}`,
      state: await deps.store.stateAt(board.docName, round.endedAt),
    });
  }
  let picture: string | null = null;
  if (renderer) {
    const seen = new Map<string, { svg: string; png: Uint8Array } | null>();
    for (const moment of moments) {
      const decoded = moment.name === "final" ? { records, schema } : decode(moment.state);
      const key = JSON.stringify([...decoded.records]);
      let result = seen.get(key);
      if (result === undefined) {
        const rendered = await renderer.render({
          records: Object.fromEntries(decoded.records),
          schema: decoded.schema,
        });
        if (rendered.kind === "failed") {
          notRendered.push(`${board.title}, ${moment.name}: ${rendered.reason}`);
          result = null;
        } else result = rendered.kind === "rendered" ? rendered : null;
        seen.set(key, result);
      }
      if (result) {
        add(`${folder}/${moment.name}.svg`, strToU8(result.svg));
        add(`${folder}/${moment.name}.png`, result.png, false);
        files.push(`${moment.name}.svg`, `${moment.name}.png`);
        if (moment.name === "final") picture = `${folder}/final.svg`;
      }
    }
  }
  if (request.full) {
    const described = await deps.history.describe(request.event, board, request.anonymous);
    addText(`${folder}/history.jsonl`, historyJsonl(described.entries));
    files.push("history.jsonl");
  }
  return {
    title: board.title,
    question: board.question,
    folder,
    files,
    picture,
    texts: boardTexts(records.values()),
    host: null,
  };
}

function decode(state: Uint8Array) {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return { records: readBoardRecords(doc), schema: readDocSchema(doc) };
  } finally {
    doc.destroy();
  }
}
