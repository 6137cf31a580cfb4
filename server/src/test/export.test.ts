import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestCafe,
  joinCafe,
  noteRecord,
  openBoard,
  type Person,
  type ProductServer,
  putRecords,
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
  // No browser: the export must still be whole, and say what it could not render.
  t = await startProductServer(dataDir, { TABLECLOTH_RENDER_BROWSER: "none" });
});
afterAll(async () => {
  await t.server.close();
  await removeDir(dataDir);
});

async function download(path: string, token?: string) {
  const response = await t.fetch(path, token);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, files: response.status === 200 ? unzipSync(bytes) : {} };
}

describe("export", () => {
  it("gives a café with three rounds away as one zip, and anonymous mode names nobody", async () => {
    const cafe = await createTestCafe(t, 2, "Fenna Facilitator");
    const [t1, t2] = cafe.tables as [(typeof cafe.tables)[0], (typeof cafe.tables)[0]];
    const people = [];
    for (const name of ["Quentin Unique", "Rosalind Unique", "Sven Unique", "Tove Unique"]) {
      people.push(await joinCafe(t, cafe, name));
    }
    for (const [i, p] of people.entries()) await seat(t, cafe, p, i % 2 === 0 ? t1.id : t2.id);
    for (let round = 1; round <= 3; round++) {
      await roundAction(t, cafe, "start");
      for (const [i, table] of [t1, t2].entries()) {
        const board = await openBoard(t, table.docName, people[i]!);
        putRecords(board.doc, [
          noteRecord(`r${round}t${i}`, `round ${round} idea at ${table.title}`),
        ]);
        await t.server.syncServer.flush();
        board.destroy();
      }
      await roundAction(t, cafe, "end");
      if (round < 3) await rotate(t, cafe, round);
    }

    const path = `/api/events/${cafe.eventId}/export`;
    expect((await t.fetch(path)).status).toBe(401);
    expect((await t.fetch(path, people[0]!.token)).status).toBe(403);
    const { response, files } = await download(path, cafe.facilitator.token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const names = Object.keys(files).sort();
    for (const top of ["index.html", "seating.csv", "proceedings.html", "not-rendered.txt"]) {
      expect(names).toContain(top);
    }
    const folders = names.filter((n) => n.endsWith("/board.tldr")).map((n) => n.split("/")[1]);
    expect(folders).toHaveLength(2);

    const tldr = JSON.parse(strFromU8(files[`boards/${folders[0]}/board.tldr`]!));
    expect(tldr.tldrawFileFormatVersion).toBe(1);
    expect(tldr.schema.schemaVersion).toBeGreaterThanOrEqual(2);
    const notes = tldr.records.filter((r: { type?: string }) => r.type === "note");
    expect(notes).toHaveLength(3);
    expect(tldr.records.some((r: { typeName: string }) => r.typeName === "document")).toBe(true);

    const history = strFromU8(files[`boards/${folders[0]}/history.jsonl`]!)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect([...new Set(history.map((h) => h.round).filter((r) => r > 0))]).toEqual([1, 2, 3]);
    expect(history.some((h) => h.author === "Quentin Unique")).toBe(true);
    expect(history.every((h) => typeof h.time === "string" && typeof h.at === "number")).toBe(true);

    const seating = strFromU8(files["seating.csv"]!).trim().split("\r\n");
    expect(seating[0]).toBe("round,table,person,host");
    const rounds = new Set(seating.slice(1).map((l) => l.split(",")[0]));
    expect([...rounds]).toEqual(["1", "2", "3"]);
    expect(seating.slice(1).filter((l) => l.startsWith("1,"))).toHaveLength(4);

    const index = strFromU8(files["index.html"]!);
    expect(index).toContain(t1.title);
    expect(index).toContain(t2.title);
    expect(index).toContain("Not rendered");
    expect(index).not.toMatch(/(src|href)="https?:/);
    const proceedings = strFromU8(files["proceedings.html"]!);
    expect(proceedings).toContain(`round 3 idea at ${t1.title}`);

    const anon = await download(`${path}?anonymous=1`, cafe.facilitator.token);
    expect(anon.response.status).toBe(200);
    const everything = Object.values(anon.files)
      .map((bytes) => strFromU8(bytes))
      .join("\n");
    for (const person of [...people, cafe.facilitator]) {
      expect(everything).not.toContain(person.name);
      expect(everything).not.toContain(person.id);
    }
    expect(everything).toContain('"author":"anonymous"');
  });

  it("a participant's own pack holds the cloths of the tables they sat at", async () => {
    const cafe = await createTestCafe(t, 3);
    const [t1, t2, t3] = cafe.tables as [
      (typeof cafe.tables)[0],
      (typeof cafe.tables)[0],
      (typeof cafe.tables)[0],
    ];
    const ida = await joinCafe(t, cafe, "Ida");
    await seat(t, cafe, ida, t1.id);
    await roundAction(t, cafe, "start");
    await roundAction(t, cafe, "end");
    await rotate(t, cafe, 7);
    // Wherever the rotation put her, seat her at table 2 for the second round.
    await seat(t, cafe, ida, t2.id);
    const { response, files } = await download(
      `/api/events/${cafe.eventId}/export/mine`,
      ida.token,
    );
    expect(response.status).toBe(200);
    const index = strFromU8(files["index.html"]!);
    expect(index).toContain(t1.title);
    expect(index).toContain(t2.title);
    expect(index).not.toContain(`>${t3.title}<`);
    expect(Object.keys(files).some((n) => n.endsWith("history.jsonl"))).toBe(false);
    expect(Object.keys(files)).not.toContain("seating.csv");
  });
});

describe("export of an Open Space", () => {
  it("puts the news room's reports into proceedings.html, each linking its session's board", async () => {
    const created = await t.api<{
      event: { id: string; joinCode: string };
      facilitatorToken: string;
    }>("/api/events", {
      method: "POST",
      json: { title: "Ageing well", format: "open-space", facilitatorName: "Olga Facilitator" },
    });
    expect(created.status).toBe(201);
    const { event, facilitatorToken } = created.body;
    const os = `/api/events/${event.id}/open-space`;
    const grid = await t.api<{ spaces: { id: string }[]; slots: { id: string }[] }>(`${os}/grid`, {
      method: "PUT",
      token: facilitatorToken,
      json: { spaces: [{ name: "Hall" }, { name: "Garden" }], slots: [{ label: "10:00" }] },
    });
    expect(grid.status).toBe(200);
    const people: Person[] = [];
    for (const name of ["Petra Convener", "Quinn Convener"]) {
      const joined = await t.api<{ participant: { id: string }; token: string }>("/api/join", {
        method: "POST",
        json: { code: event.joinCode, name },
      });
      expect(joined.status).toBe(201);
      people.push({ id: joined.body.participant.id, name, token: joined.body.token });
    }
    const [petra, quinn] = people as [Person, Person];
    const sessions = [];
    for (const [i, [who, title]] of (
      [
        [petra, "Buses after six"],
        [quinn, "Lonely Sundays"],
      ] as const
    ).entries()) {
      const posted = await t.api<{ session: { id: string; boardId: string; docName: string } }>(
        `${os}/sessions`,
        {
          method: "POST",
          token: who.token,
          json: { title, spaceId: grid.body.spaces[i]?.id, slotId: grid.body.slots[0]?.id },
        },
      );
      expect(posted.status).toBe(201);
      sessions.push(posted.body.session);
    }
    const [buses, sundays] = sessions as [(typeof sessions)[0], (typeof sessions)[0]];
    const board = await openBoard(t, buses.docName, petra);
    putRecords(board.doc, [noteRecord("idea", "a night bus from the hospital")]);
    await t.server.syncServer.flush();
    board.destroy();
    const report = await t.api(`${os}/sessions/${buses.id}/report`, {
      method: "PUT",
      token: petra.token,
      json: { summary: "Ask the council <for> a night bus", nextSteps: "Petra writes to them" },
    });
    expect(report.status).toBe(200);

    const { response, files } = await download(`/api/events/${event.id}/export`, facilitatorToken);
    expect(response.status).toBe(200);
    const proceedings = strFromU8(files["proceedings.html"]!);
    expect(proceedings).toContain("Buses after six");
    expect(proceedings).toContain("Ask the council &lt;for&gt; a night bus");
    expect(proceedings).toContain("Petra writes to them");
    expect(proceedings).toContain("convened by Petra Convener");
    expect(proceedings).toContain("Lonely Sundays");
    expect(proceedings).toContain("No report filed yet.");
    expect(proceedings).toContain("2 sessions, 1 reported.");
    // Each session links its board's file inside the zip, and that file holds what was drawn.
    const links = [...proceedings.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(links).toHaveLength(2);
    for (const link of links) expect(Object.keys(files)).toContain(link);
    const busesLink = links[0] ?? "";
    expect(strFromU8(files[busesLink]!)).toContain("a night bus from the hospital");
    expect(proceedings).not.toMatch(/(src|href)="https?:/);
    expect(sundays.boardId).not.toBe(buses.boardId);

    const anon = await download(`/api/events/${event.id}/export?anonymous=1`, facilitatorToken);
    const anonymous = strFromU8(anon.files["proceedings.html"]!);
    expect(anonymous).toContain("Ask the council &lt;for&gt; a night bus");
    for (const person of people) expect(anonymous).not.toContain(person.name);
    expect(anonymous).toContain("convened by person ");
  });
});
