import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A board's pictures at one moment, as tldraw rendered them. */
export interface BoardPicture {
  svg: string;
  png: Uint8Array;
}

/** The pictures kept of every cloth at each round's end, for exports and the harvest. */
export interface RoundPictureStore {
  put(boardId: string, round: number, picture: BoardPicture): Promise<void>;
  /** The picture kept at `round`'s end; null when none was kept (yet). */
  get(boardId: string, round: number): Promise<BoardPicture | null>;
  /** Forgets a board's pictures (the board was removed). */
  remove(boardId: string): Promise<void>;
}

/** Board ids are server-made (16 URL-safe characters); anything else never names a folder. */
const BOARD_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checked(boardId: string, round: number): void {
  if (!BOARD_ID.test(boardId)) throw new Error(`not a board id: ${JSON.stringify(boardId)}`);
  if (!Number.isSafeInteger(round) || round < 1) throw new Error(`not a round: ${round}`);
}

/**
 * {@link RoundPictureStore} in files: `<dir>/<boardId>/round-<n>.svg` and `.png`, each written to
 * a temporary name and renamed, so a reader never sees half a picture. One pair per board and
 * round, so the space is bounded by the café's rounds.
 */
export class FileRoundPictureStore implements RoundPictureStore {
  constructor(private readonly dir: string) {}

  async put(boardId: string, round: number, picture: BoardPicture): Promise<void> {
    checked(boardId, round);
    const folder = join(this.dir, boardId);
    await mkdir(folder, { recursive: true });
    const write = async (name: string, data: string | Uint8Array) => {
      const temporary = join(folder, `.${name}.${randomUUID()}.tmp`);
      await writeFile(temporary, data);
      await rename(temporary, join(folder, name));
    };
    // PNG first: `get` reads the SVG's presence as "kept", so both exist once it is there.
    await write(`round-${round}.png`, picture.png);
    await write(`round-${round}.svg`, picture.svg);
  }

  async get(boardId: string, round: number): Promise<BoardPicture | null> {
    checked(boardId, round);
    const folder = join(this.dir, boardId);
    try {
      const svg = await readFile(join(folder, `round-${round}.svg`), "utf8");
      const png = await readFile(join(folder, `round-${round}.png`));
      return { svg, png: new Uint8Array(png) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async remove(boardId: string): Promise<void> {
    if (!BOARD_ID.test(boardId)) return;
    await rm(join(this.dir, boardId), { recursive: true, force: true });
  }
}
