import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { b64Vecs, createTLSchema } from "@tldraw/tlschema";
import { strFromU8, unzipSync } from "fflate";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_CHROMIUM_PATHS } from "../export/resolveRenderBrowser";
import {
  createTestCafe,
  joinCafe,
  noteRecord,
  openBoard,
  type ProductServer,
  putRecords,
  roundAction,
  seat,
  startProductServer,
} from "./cafeHarness";
import { makeTempDir, removeDir } from "./testServer";

/**
 * The export's pictures rendered for real: the shipped server, the built client's `/render` page
 * in a real headless Chromium, a café with a freehand stroke, a sticky with long text and an
 * uploaded image. Needs a Chromium (Debian's `/usr/bin/chromium`, present here and in CI) and the
 * built client (`pnpm build`); without either it is skipped, saying which.
 */
const chromium = SYSTEM_CHROMIUM_PATHS.find((p) => existsSync(p));
const clientDist = fileURLToPath(new URL("../../../client/dist", import.meta.url));
const built = existsSync(`${clientDist}/index.html`);
const skipReason =
  chromium === undefined
    ? `no Chromium at ${SYSTEM_CHROMIUM_PATHS.join(", ")}`
    : built
      ? null
      : `the client is not built (${clientDist}/index.html missing; run pnpm build)`;
// Where the test environment must be complete (.ci/run), a missing browser or build fails.
if (skipReason && process.env.TABLECLOTH_REQUIRE_SERVICES === "1") {
  throw new Error(`exportRender.test: TABLECLOTH_REQUIRE_SERVICES=1 but ${skipReason}`);
}
if (skipReason) console.warn(`exportRender.test skipped: ${skipReason}`);

const LONG_TEXT =
  "Harvest sentence that is much longer than twenty-four characters, ending with zebra-quartz";
const schema = createTLSchema();

function validated<T extends { typeName: string }>(record: T): T {
  // Schema-valid, as a real tldraw would have written them.
  const type = schema.types[record.typeName as keyof typeof schema.types];
  type.validate(record as never);
  return record;
}

function drawRecord(id: string) {
  const points = Array.from({ length: 60 }, (_, i) => ({
    x: i * 6,
    y: Math.sin(i / 5) * 60 + 60,
    z: 0.5,
  }));
  return validated({
    id: `shape:${id}`,
    typeName: "shape" as const,
    type: "draw",
    x: 0,
    y: 320,
    rotation: 0,
    index: "a2",
    parentId: "page:page",
    isLocked: false,
    opacity: 1,
    props: {
      color: "blue",
      fill: "none",
      dash: "draw",
      size: "l",
      segments: [{ type: "free", path: b64Vecs.encodePoints(points) }],
      isComplete: true,
      isClosed: false,
      isPen: false,
      scale: 1,
      scaleX: 1,
      scaleY: 1,
    },
    meta: {},
  });
}

function imageRecords(src: string) {
  const asset = validated({
    id: "asset:picture",
    typeName: "asset" as const,
    type: "image",
    props: {
      w: 64,
      h: 64,
      name: "red.png",
      isAnimated: false,
      mimeType: "image/png",
      src,
    },
    meta: {},
  });
  const shape = validated({
    id: "shape:picture",
    typeName: "shape" as const,
    type: "image",
    x: 420,
    y: 0,
    rotation: 0,
    index: "a3",
    parentId: "page:page",
    isLocked: false,
    opacity: 1,
    props: {
      w: 128,
      h: 128,
      playing: true,
      url: "",
      assetId: "asset:picture",
      crop: null,
      flipX: false,
      flipY: false,
      altText: "",
    },
    meta: {},
  });
  return [asset, shape];
}

/** A 64×64 pure red PNG. */
function redPng(): Uint8Array {
  const png = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = 255;
    png.data[i + 1] = 0;
    png.data[i + 2] = 0;
    png.data[i + 3] = 255;
  }
  return new Uint8Array(PNG.sync.write(png));
}

let t: ProductServer;
let dataDir: string;
beforeAll(async () => {
  if (skipReason) return;
  dataDir = await makeTempDir();
  t = await startProductServer(dataDir, {
    TABLECLOTH_RENDER_BROWSER: chromium ?? "none",
    TABLECLOTH_CLIENT_DIST: clientDist,
  });
});
afterAll(async () => {
  if (skipReason) return;
  await t.server.close();
  await removeDir(dataDir);
});

describe.skipIf(skipReason !== null)("export pictures (real Chromium)", () => {
  it("renders freehand, a long sticky and an image with tldraw, fonts embedded", async () => {
    const cafe = await createTestCafe(t, 1, "Rita Renderer");
    const table = cafe.tables[0]!;
    const person = await joinCafe(t, cafe, "Paula Painter");
    await seat(t, cafe, person, table.id);
    await roundAction(t, cafe, "start");

    const bytes = redPng();
    const upload = await fetch(`${t.server.url}/api/events/${cafe.eventId}/uploads`, {
      method: "POST",
      headers: { Authorization: `Bearer ${person.token}`, "Content-Type": "image/png" },
      body: bytes,
    });
    expect(upload.status).toBe(201);
    const { url } = (await upload.json()) as { url: string };
    expect(url).toMatch(/^\/api\/uploads\/[0-9a-f]{64}$/);

    const board = await openBoard(t, table.docName, person);
    putRecords(board.doc, [
      validated(noteRecord("long", LONG_TEXT)),
      drawRecord("stroke"),
      ...imageRecords(url),
    ]);
    await t.server.syncServer.flush();
    board.destroy();
    await roundAction(t, cafe, "end");

    // The round's end keeps a picture of the cloth, in the background.
    const kept = join(dataDir, "round-pictures");
    const deadline = Date.now() + 60_000;
    let keptFiles: string[] = [];
    while (Date.now() < deadline) {
      const boards = existsSync(kept) ? await readdir(kept) : [];
      keptFiles = boards.length ? await readdir(join(kept, boards[0]!)) : [];
      if (keptFiles.includes("round-1.svg")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(keptFiles).toContain("round-1.svg");
    expect(keptFiles).toContain("round-1.png");
    // A sticky written after the bell is in the final picture, never in the round's.
    const late = await openBoard(t, table.docName, person);
    putRecords(late.doc, [validated(noteRecord("late", "afterbell-marker", 0, -300))]);
    await t.server.syncServer.flush();
    late.destroy();

    const response = await t.fetch(`/api/events/${cafe.eventId}/export`, cafe.facilitator.token);
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const names = Object.keys(files);
    expect(names).not.toContain("not-rendered.txt");
    const folder = names.find((n) => n.endsWith("/board.tldr"))?.split("/")[1];
    expect(folder).toBeDefined();
    for (const moment of ["final", "round-1"]) {
      expect(names).toContain(`boards/${folder}/${moment}.svg`);
      expect(names).toContain(`boards/${folder}/${moment}.png`);
    }

    const svg = strFromU8(files[`boards/${folder}/final.svg`]!);
    expect(svg.startsWith("<svg")).toBe(true);
    // (Booleans, not the SVG itself: a failure must not print a megabyte of fonts.)
    // The sticky's whole text, not a cut: tldraw wraps it across lines, so look for its words.
    for (const word of ["Harvest", "twenty-four", "zebra-quartz"]) {
      expect(svg.includes(word), word).toBe(true);
    }
    // Fonts embedded as data, the image too; nothing points to another origin.
    expect(/@font-face[^}]*url\(["']?data:font\//.test(svg), "fonts as data").toBe(true);
    expect(/<image[^>]+href="data:image\/png;base64,/.test(svg), "image as data").toBe(true);
    expect(/(href|src)="(https?:)?\/\//.test(svg), "a link elsewhere").toBe(false);
    expect(/url\(["']?(https?:)?\/\//.test(svg), "a url() elsewhere").toBe(false);
    expect(svg.includes("tablecloth-render.invalid"), "the render origin").toBe(false);
    expect(svg.includes("/api/uploads/"), "an upload link").toBe(false);
    // The freehand stroke: a filled path (tldraw draws strokes as outlines).
    expect(/<path[^>]+d="M[^"]{200,}"/.test(svg), "a long path").toBe(true);

    expect(svg.includes("afterbell-marker"), "the late sticky in final").toBe(true);
    const round1 = strFromU8(files[`boards/${folder}/round-1.svg`]!);
    expect(round1.includes("zebra-quartz"), "round 1 holds the round's sticky").toBe(true);
    expect(round1.includes("afterbell-marker"), "round 1 holds the late sticky").toBe(false);

    const png = PNG.sync.read(Buffer.from(files[`boards/${folder}/final.png`]!));
    expect(png.width).toBeGreaterThan(200);
    expect(png.height).toBeGreaterThan(200);
    const colours = new Set<number>();
    let red = 0;
    let nonWhite = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      colours.add((r << 16) | (g << 8) | b);
      if (r > 240 && g < 20 && b < 20) red++;
      if (r < 240 || g < 240 || b < 240) nonWhite++;
    }
    // A real drawing: many colours (antialiased text and strokes, the yellow sticky), the image's
    // red block, and a good share of the picture not background.
    expect(colours.size).toBeGreaterThan(50);
    expect(red).toBeGreaterThan(64 * 64);
    expect(nonWhite / (png.width * png.height)).toBeGreaterThan(0.05);

    const index = strFromU8(files["index.html"]!);
    expect(index).toContain("final.svg");
    expect(index).not.toContain("Not rendered");
  }, 120_000);

  it("leaves an invalid record out of the picture and says so, instead of losing the board", async () => {
    const cafe = await createTestCafe(t, 1, "Rita Renderer");
    const table = cafe.tables[0]!;
    const person = await joinCafe(t, cafe, "Bruno Broken");
    await seat(t, cafe, person, table.id);
    const board = await openBoard(t, table.docName, person);
    const broken = { ...drawRecord("broken"), index: "c10" }; // not a fractional index key
    const nonsense = { id: "shape:nonsense", typeName: "shape", type: "no-such-shape" };
    putRecords(board.doc, [validated(noteRecord("fine", "still-here-marker")), broken, nonsense]);
    await t.server.syncServer.flush();
    board.destroy();

    const response = await t.fetch(`/api/events/${cafe.eventId}/export`, cafe.facilitator.token);
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const svgName = Object.keys(files).find((n) => n.endsWith("/final.svg"));
    expect(svgName).toBeDefined();
    expect(strFromU8(files[svgName!]!).includes("still-here-marker")).toBe(true);
    const notRendered = strFromU8(files["not-rendered.txt"]!);
    expect(notRendered).toContain("2 record(s) tldraw does not accept were left out");
  }, 120_000);
});
