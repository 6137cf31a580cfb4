import type { CafeTable } from "@tablecloth/protocol";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestCafe,
  joinCafe,
  type ProductServer,
  rotate,
  roundAction,
  seat,
  startProductServer,
} from "./cafeHarness";
import { makeTempDir, removeDir } from "./testServer";

let t: ProductServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startProductServer(dataDir, { TABLECLOTH_RENDER_BROWSER: "none" });
});
afterAll(async () => {
  await t.server.close();
  await removeDir(dataDir);
});

describe("café questions by round", () => {
  it("every table asks its round's question unless it has its own; the proceedings say which, round by round", async () => {
    const cafe = await createTestCafe(t, 2);
    const [t1, t2] = cafe.tables as [CafeTable, CafeTable];
    const f = cafe.facilitator.token;
    const api = `/api/events/${cafe.eventId}/cafe`;
    const setup = await t.api<{ tables: CafeTable[] }>(`${api}/setup`, {
      method: "PUT",
      token: f,
      json: { questions: ["What do we have?", "What is missing?"], rounds: 3, roundMs: 600_000 },
    });
    expect(setup.status).toBe(200);
    // Before round 1, every table shows round 1's question; none has its own.
    expect(setup.body.tables.map((x) => [x.question, x.ownQuestion])).toEqual([
      ["What do we have?", null],
      ["What do we have?", null],
    ]);
    const people = [];
    for (const name of ["Ana", "Bo", "Cy", "Di"]) people.push(await joinCafe(t, cafe, name));
    for (const [i, p] of people.entries()) await seat(t, cafe, p, i % 2 === 0 ? t1.id : t2.id);

    await roundAction(t, cafe, "start");
    await roundAction(t, cafe, "end");
    await rotate(t, cafe, 1);
    // Table 2 gets its own question for the rounds to come.
    const own = await t.api<{ table: CafeTable }>(`${api}/tables/${t2.id}`, {
      method: "PATCH",
      token: f,
      json: { question: "What would you try first?" },
    });
    expect(own.body.table).toMatchObject({
      question: "What would you try first?",
      ownQuestion: "What would you try first?",
    });
    await roundAction(t, cafe, "start");
    const second = await t.api<{ table: CafeTable }>(`${api}/tables/${t1.id}`, {
      method: "PATCH",
      token: f,
      json: {},
    });
    expect(second.body.table).toMatchObject({ question: "What is missing?", ownQuestion: null });
    await roundAction(t, cafe, "end");
    await rotate(t, cafe, 2);
    await roundAction(t, cafe, "start");

    const response = await t.fetch(`/api/events/${cafe.eventId}/export`, f);
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const proceedings = strFromU8(files["proceedings.html"] ?? new Uint8Array());
    const section = proceedings.slice(
      proceedings.indexOf('<section id="questions">'),
      proceedings.indexOf("</section>", proceedings.indexOf('<section id="questions">')),
    );
    /** The list item of round `n`, up to the next round's. */
    const round = (n: number) => {
      const from = section.indexOf(`data-round="${n}"`);
      const to = section.indexOf(`data-round="${n + 1}"`);
      return section.slice(from, to === -1 ? undefined : to);
    };
    expect(section).toContain("Questions, round by round");
    // Round 1: one question at every table, said once.
    expect(round(1)).toMatch(
      /data-round="1"><strong>Round 1<\/strong><p class="question"><em>What do we have\?<\/em>/,
    );
    // Round 2 (recorded when it ended): table 1 the round's, table 2 its own.
    expect(round(2)).toContain(
      `<li>${t1.title}: <em>What is missing?</em></li><li>${t2.title}: <em>What would you try first?</em></li>`,
    );
    // Round 3, still running: the last question carries on at table 1.
    expect(round(3)).toContain(`${t1.title}: <em>What is missing?</em>`);
  });
});
