import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, removeDir } from "../test/testServer";
import { FileRoundPictureStore } from "./RoundPictureStore";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

describe("FileRoundPictureStore", () => {
  it("keeps one picture per board and round, and forgets a board's", async () => {
    const store = new FileRoundPictureStore(join(dir, "pictures"));
    expect(await store.get("board-1", 1)).toBeNull();
    await store.put("board-1", 1, { svg: "<svg>one</svg>", png: new Uint8Array([1, 2, 3]) });
    await store.put("board-1", 2, { svg: "<svg>two</svg>", png: new Uint8Array([4]) });
    await store.put("board-1", 1, { svg: "<svg>again</svg>", png: new Uint8Array([5]) });
    expect(await store.get("board-1", 1)).toEqual({
      svg: "<svg>again</svg>",
      png: new Uint8Array([5]),
    });
    expect((await store.get("board-1", 2))?.svg).toBe("<svg>two</svg>");
    expect(await store.get("board-2", 1)).toBeNull();
    // No temporary files left behind.
    expect((await readdir(join(dir, "pictures", "board-1"))).sort()).toEqual([
      "round-1.png",
      "round-1.svg",
      "round-2.png",
      "round-2.svg",
    ]);
    await store.remove("board-1");
    expect(await store.get("board-1", 2)).toBeNull();
  });

  it("never takes a board id or round that could name another folder", async () => {
    const store = new FileRoundPictureStore(join(dir, "pictures"));
    const picture = { svg: "<svg/>", png: new Uint8Array([1]) };
    for (const id of ["../escape", "a/b", "", ".", "x".repeat(65)]) {
      await expect(store.put(id, 1, picture)).rejects.toThrow(/not a board id/);
      await expect(store.get(id, 1)).rejects.toThrow(/not a board id/);
    }
    for (const round of [0, -1, 1.5, Number.NaN]) {
      await expect(store.put("board", round, picture)).rejects.toThrow(/not a round/);
    }
    await store.remove("../escape");
    expect(await readdir(dir)).toEqual([]);
  });
});
