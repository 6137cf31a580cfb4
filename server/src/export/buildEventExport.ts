import {
  type CafeState,
  mergePastRounds,
  questionsByRound,
  readCafe,
  readPastRounds,
  readRoundQuestions,
} from "@tablecloth/cafe";
import type { RoundSpan } from "@tablecloth/protocol";
import type { DocStore } from "@tablecloth/storage";
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import type { BoardRecord, EventRecord, EventStore } from "../events/EventStore";
import { cafeRoundsDocName } from "../events/ids";
import type { SyncControl } from "../events/SyncControl";
import type { BoardHistoryService } from "../history/BoardHistoryService";
import { exportBounds, exportDpi, pathPlanText } from "../path/pathBoardExport";
import type { BoardRenderer, OpenRenderer } from "./BoardRenderer";
import { decodeBoardState as decode, renderRequestOf } from "./boardState";
import { boardTexts } from "./boardTexts";
import { type ExportedBoard, indexHtml, proceedingsHtml, type RoundQuestions } from "./exportPages";
import { historyJsonl } from "./historyJsonl";
import { openSpaceProceedingsHtml } from "./openSpaceProceedings";
import type { BoardPicture, RoundPictureStore } from "./RoundPictureStore";
import { type SeatingRow, seatingCsv } from "./seatingCsv";
import { tldrFile } from "./tldrFile";

export interface ExportDeps {
  eventStore: EventStore;
  store: DocStore;
  sync: SyncControl;
  history: BoardHistoryService;
  openRenderer: OpenRenderer;
  /** Pictures kept at each round's end; those moments are rendered from history when absent. */
  roundPictures?: RoundPictureStore;
  /** Boards worked on at once (their renders run side by side); the renderer's pages. Default 1. */
  boardsAtOnce?: number;
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
    const atOnce = Math.max(1, deps.boardsAtOnce ?? 1);
    for (let start = 0; start < boards.length; start += atOnce) {
      const batch = boards.slice(start, start + atOnce);
      const written = await Promise.all(
        batch.map((board, i) =>
          writeBoard(
            deps,
            request,
            board,
            start + i + 1,
            ended,
            renderer,
            notRendered,
            add,
            addText,
          ),
        ),
      );
      for (const [i, board] of batch.entries()) {
        const one = written[i];
        if (!one) continue;
        const host = cafe?.tables.find((t) => t.boardId === board.id)?.hostId ?? null;
        if (host && !anonymous) one.host = names.get(host) ?? null;
        exported.push(one);
      }
    }
  } finally {
    await renderer?.close();
  }

  const topFiles: string[] = [];
  const roundQuestions: RoundQuestions[] = [];
  if (request.full && cafe) {
    const recorded = (await deps.sync.read(cafeRoundsDocName(event.id), readPastRounds)).rounds;
    const asked = await deps.sync.read(cafeRoundsDocName(event.id), readRoundQuestions);
    for (const { round, questions } of questionsByRound(cafe, asked)) {
      const tables = cafe.tables
        .filter((t) => questions[t.id] !== undefined)
        .map((t) => ({ table: t.name, question: questions[t.id] ?? "" }));
      roundQuestions.push({ round, tables });
    }
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
    addText("proceedings.html", proceedingsHtml(event.title, sections, roundQuestions));
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

  // Pictures by moment: a round's is the one kept at its end (see RoundPictureKeeper), else it
  // is rendered now from the history; the final one is the last round's when nothing changed
  // since. Each distinct content is rendered once.
  const pictures = new Map<string, BoardPicture | null>();
  const rendered = new Map<string, BoardPicture | null>();
  const renderOnce = async (
    name: string,
    decoded: ReturnType<typeof decode>,
    key: string,
  ): Promise<BoardPicture | null> => {
    const known = rendered.get(key);
    if (known !== undefined || !renderer) return known ?? null;
    const bounds = exportBounds(board);
    const dpi = exportDpi(board);
    const result = await renderer.render({
      ...renderRequestOf(decoded),
      ...(bounds ? { bounds } : {}),
      ...(dpi ? { dpi } : {}),
    });
    let picture: BoardPicture | null = null;
    if (result.kind === "failed") {
      notRendered.push(`${board.title}, ${name}: ${result.reason}`);
    } else {
      if (result.skipped) {
        notRendered.push(
          `${board.title}, ${name}: ${result.skipped} record(s) tldraw does not accept were left out of the picture`,
        );
      }
      if (result.kind === "rendered") picture = { svg: result.svg, png: result.png };
    }
    rendered.set(key, picture);
    return picture;
  };
  const keyOf = (decoded: ReturnType<typeof decode>) => JSON.stringify([...decoded.records]);
  for (const round of ended) {
    const name = `round-${round.round}`;
    const kept = (await deps.roundPictures?.get(board.id, round.round)) ?? null;
    if (kept || !renderer) {
      pictures.set(name, kept);
      continue;
    }
    const decoded = decode(await deps.store.stateAt(board.docName, round.endedAt));
    pictures.set(name, await renderOnce(name, decoded, keyOf(decoded)));
  }
  const finalKey = keyOf({ records, schema });
  const last = ended.at(-1);
  const lastPicture = last ? pictures.get(`round-${last.round}`) : undefined;
  let finalPicture = rendered.get(finalKey);
  if (finalPicture === undefined && last && lastPicture) {
    const atLast = decode(await deps.store.stateAt(board.docName, last.endedAt));
    if (keyOf(atLast) === finalKey) finalPicture = lastPicture;
  }
  if (finalPicture === undefined) {
    finalPicture = await renderOnce("final", { records, schema }, finalKey);
  }
  let picture: string | null = null;
  for (const [name, result] of [["final", finalPicture], ...pictures] as const) {
    if (!result) continue;
    add(`${folder}/${name}.svg`, strToU8(result.svg));
    add(`${folder}/${name}.png`, result.png, false);
    files.push(`${name}.svg`, `${name}.png`);
    if (name === "final") picture = `${folder}/final.svg`;
  }
  const planText = await pathPlanText(deps.sync, request.event, board, records.values());
  if (planText !== null) {
    addText(`${folder}/path-plan.txt`, planText);
    files.push("path-plan.txt");
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
