import { readCafeNames } from "@tablecloth/cafe";
import { ANONYMOUS_NAME } from "@tablecloth/controls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  createTestCafe,
  joinCafe,
  noteRecord,
  openBoard,
  type Person,
  type ProductServer,
  putRecords,
  seat,
  startProductServer,
  type TestCafe,
} from "../test/cafeHarness";
import { connectSynced } from "../test/connectProvider";
import { makeTempDir, removeDir } from "../test/testServer";
import { pollUntil, withTimeout } from "../test/waitFor";

// Names no label, id or title of the test can hold by chance, so finding one is a leak.
const ANA = "Anastasia Quill";
const BEN = "Benedikt Marrow";
const CARA = "Carasyne Holt";
const FRAN = "Franziska Lomb";

let t: ProductServer;
let dataDir: string;
let cafe: TestCafe;
let controlDocName: string;
let boards: { id: string; docName: string }[];
const open: WebsocketProvider[] = [];

beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startProductServer(dataDir);
  cafe = await createTestCafe(t, 2, FRAN);
  const details = await t.api<{ controlDocName: string; boards: typeof boards }>(
    `/api/events/${cafe.eventId}`,
    { token: cafe.facilitator.token },
  );
  controlDocName = details.body.controlDocName;
  boards = details.body.boards;
});

afterAll(async () => {
  for (const provider of open) provider.destroy();
  await t.server.close();
  await removeDir(dataDir);
});

const anonymousPath = (eventId = cafe.eventId) => `/api/events/${eventId}/controls/anonymous`;

function setAnonymous(person: Person, anonymous: boolean, eventId = cafe.eventId) {
  return t.api<{ anonymous: boolean }>(anonymousPath(eventId), {
    method: "PUT",
    token: person.token,
    json: { anonymous },
  });
}

async function connect(docName: string, person: Person): Promise<WebsocketProvider> {
  const provider = await openBoard(t, docName, person);
  open.push(provider);
  return provider;
}

/** Every name `provider` holds in its peers' awareness states (its own state left out). */
function awarenessNames(provider: WebsocketProvider): string[] {
  const names: string[] = [];
  for (const [clientId, state] of provider.awareness.getStates()) {
    if (clientId === provider.awareness.clientID) continue;
    const user = (state as { user?: { name?: unknown } }).user;
    if (typeof user?.name === "string") names.push(user.name);
  }
  return names;
}

function waitForAwareness(provider: WebsocketProvider, check: (names: string[]) => boolean) {
  return withTimeout(
    new Promise<void>((resolve) => {
      const test = () => {
        if (!check(awarenessNames(provider))) return;
        provider.awareness.off("change", test);
        resolve();
      };
      provider.awareness.on("change", test);
      test();
    }),
    10_000,
    "awareness names",
  );
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

describe("anonymous mode", () => {
  it("only facilitators switch it; members read it; a malformed body is refused", async () => {
    const reader = await joinCafe(t, cafe, "Reader Person");
    expect((await t.api(anonymousPath(), { token: reader.token })).body).toEqual({
      anonymous: false,
    });
    expect((await setAnonymous(reader, true)).status).toBe(403);
    const bad = await t.api(anonymousPath(), {
      method: "PUT",
      token: cafe.facilitator.token,
      json: { anonymous: "yes" },
    });
    expect(bad.status).toBe(400);
    expect((await t.api(anonymousPath())).status).toBe(401);
  });

  it("names nobody in the presence, the control doc and the answers a participant gets, then names them again", async () => {
    const ana = await joinCafe(t, cafe, ANA);
    const ben = await joinCafe(t, cafe, BEN);
    const table = cafe.tables[0];
    if (table === undefined) throw new Error("no table");
    await seat(t, cafe, ana, table.id);
    await seat(t, cafe, ben, table.id);
    const board = boards.find((b) => b.docName === table.docName);
    if (board === undefined) throw new Error("no board of the table");

    // Open before the switch: Ana draws on the table's board, Ben watches it and the control doc.
    const anaBoard = await connect(table.docName, ana);
    anaBoard.awareness.setLocalStateField("user", { name: ANA, color: "#123456" });
    const benBoard = await connect(table.docName, ben);
    benBoard.awareness.setLocalStateField("cursor", { x: 1, y: 2 });
    await waitForAwareness(benBoard, (names) => names.includes(ANA));
    putRecords(anaBoard.doc, [noteRecord("before", "drawn with names on")]);
    const benControl = await connect(controlDocName, ben);
    expect(readCafeNames(benControl.doc).get(ana.id)).toBe(ANA);

    const switched = await setAnonymous(cafe.facilitator, true);
    expect(switched.status).toBe(200);
    expect(switched.body).toEqual({ anonymous: true });

    // Connections already open: the states they hold are stamped again, and the doc renamed.
    await waitForAwareness(
      benBoard,
      (names) => names.length > 0 && names.every((n) => n === ANONYMOUS_NAME),
    );
    await pollUntil(
      async () => (readCafeNames(benControl.doc).get(ana.id) === ANONYMOUS_NAME ? true : undefined),
      "the control doc renamed",
    );
    // Ana's own client took its stamped state back, and moving keeps her unnamed.
    anaBoard.awareness.setLocalStateField("cursor", { x: 5, y: 5 });
    anaBoard.awareness.setLocalStateField("user", { name: ANA, color: "#123456" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(awarenessNames(benBoard)).not.toContain(ANA);

    // Whatever Ben's control doc receives from now on names nobody, a newcomer's seat included.
    const received: Uint8Array[] = [];
    benControl.doc.on("update", (update: Uint8Array) => received.push(update));
    const cara = await joinCafe(t, cafe, CARA);
    await seat(t, cafe, cara, table.id);
    await pollUntil(
      async () => (readCafeNames(benControl.doc).has(cara.id) ? true : undefined),
      "Cara's seat",
    );
    expect(received.length).toBeGreaterThan(0);
    for (const update of received) {
      for (const name of [ANA, BEN, CARA]) expect(text(update)).not.toContain(name);
    }

    // A newcomer to the control doc gets a state with nobody's name in it (content replaced
    // while anonymous is gone from the doc, not just hidden).
    const fresh = await connectSynced(t.server.url, controlDocName, { token: cara.token });
    open.push(fresh);
    const state = text(Y.encodeStateAsUpdate(fresh.doc));
    for (const name of [ANA, BEN, CARA, FRAN]) expect(state).not.toContain(name);
    // A newcomer to the board sees others' cursors unnamed.
    const caraBoard = await connect(table.docName, cara);
    await waitForAwareness(caraBoard, (names) => names.length >= 2);
    expect(awarenessNames(caraBoard).every((n) => n === ANONYMOUS_NAME)).toBe(true);

    // The answers: the people list names only the caller; facilitators see nobody's name either.
    const list = await t.api<{ participants: { id: string; name: string }[] }>(
      `/api/events/${cafe.eventId}/participants`,
      { token: ben.token },
    );
    const listText = JSON.stringify(list.body);
    for (const name of [ANA, CARA, FRAN]) expect(listText).not.toContain(name);
    expect(list.body.participants.find((p) => p.id === ben.id)?.name).toBe(BEN);
    const asFacilitator = JSON.stringify(
      (await t.api(`/api/events/${cafe.eventId}/participants`, { token: cafe.facilitator.token }))
        .body,
    );
    for (const name of [ANA, BEN, CARA]) expect(asFacilitator).not.toContain(name);
    // A broadcast sent now names no sender.
    const broadcast = await t.api(`/api/events/${cafe.eventId}/controls/broadcast`, {
      method: "POST",
      token: cafe.facilitator.token,
      json: { text: "Five minutes left" },
    });
    expect(JSON.stringify(broadcast.body)).not.toContain(FRAN);

    // History, asked for with names, is anonymous while the mode is on.
    putRecords(anaBoard.doc, [noteRecord("during", "drawn anonymously")]);
    const historyPath = `/api/events/${cafe.eventId}/boards/${board.id}/history?anonymous=0`;
    const during = await pollUntil(async () => {
      const answer = await t.api<{ anonymous: boolean; entries: { at: number }[] }>(historyPath, {
        token: cafe.facilitator.token,
      });
      return answer.body.entries.length >= 2 ? answer : undefined;
    }, "two history entries");
    expect(during.body.anonymous).toBe(true);
    expect(JSON.stringify(during.body)).not.toContain(ANA);

    // Off: names come back live, to open connections and in the doc.
    expect((await setAnonymous(cafe.facilitator, false)).body).toEqual({ anonymous: false });
    await waitForAwareness(benBoard, (names) => names.includes(ANA));
    await pollUntil(
      async () => (readCafeNames(benControl.doc).get(cara.id) === CARA ? true : undefined),
      "Cara's name back",
    );
    expect(readCafeNames(benControl.doc).get(ana.id)).toBe(ANA);

    // History with names again, except for the changes made while the mode was on.
    putRecords(anaBoard.doc, [noteRecord("after", "drawn with names on again")]);
    const after = await pollUntil(async () => {
      const answer = await t.api<{
        anonymous: boolean;
        authors: { id: string; name: string | null }[];
        entries: { seq: number; author: string; authorName: string | null }[];
      }>(historyPath, { token: cafe.facilitator.token });
      return answer.body.entries.length >= 3 ? answer : undefined;
    }, "three history entries");
    expect(after.body.anonymous).toBe(false);
    const anaEntries = after.body.entries.map((e) => e.authorName);
    expect(anaEntries[0]).toBe(ANA);
    expect(anaEntries.at(-1)).toBe(ANA);
    const madeWhileOn = after.body.entries.filter((e) => e.author === "anonymous");
    expect(madeWhileOn.length).toBeGreaterThan(0);
    expect(madeWhileOn.every((e) => e.authorName === null)).toBe(true);
  });
});

describe("anonymous mode in an Open Space", () => {
  it("names no convener, mover or report author in the answers, and names them again after", async () => {
    const created = await t.api<{
      event: { id: string; joinCode: string };
      facilitatorToken: string;
      participant: { id: string };
    }>("/api/events", {
      method: "POST",
      json: { title: "Open anonymously", format: "open-space", facilitatorName: FRAN },
    });
    const eventId = created.body.event.id;
    const fran = {
      id: created.body.participant.id,
      name: FRAN,
      token: created.body.facilitatorToken,
    };
    const join = async (name: string): Promise<Person> => {
      const joined = await t.api<{ participant: { id: string }; token: string }>("/api/join", {
        method: "POST",
        json: { code: created.body.event.joinCode, name },
      });
      return { id: joined.body.participant.id, name, token: joined.body.token };
    };
    const os = (path = "") => `/api/events/${eventId}/open-space${path}`;
    const call = (path: string, person: Person, method = "GET", json?: unknown) =>
      t.api<unknown>(path, {
        method,
        token: person.token,
        ...(json === undefined ? {} : { json }),
      });
    const ana = await join(ANA);
    const ben = await join(BEN);
    await call(os("/phase"), fran, "PUT", { phase: "marketplace" });
    const grid = (await call(os("/grid"), fran, "PUT", {
      spaces: [{ name: "Garden" }, { name: "Hall" }],
      slots: [{ label: "10:00" }],
    })) as { body: { spaces: { id: string }[]; slots: { id: string }[] } };
    const [garden, hall] = grid.body.spaces;
    const slot = grid.body.slots[0]?.id;
    const posted = (await call(os("/sessions"), ana, "POST", {
      title: "Bus stops",
      spaceId: garden?.id,
      slotId: slot,
    })) as { status: number; body: { session: { id: string } } };
    expect(posted.status).toBe(201);
    const sessionId = posted.body.session.id;
    await call(os("/phase"), fran, "PUT", { phase: "sessions" });
    await call(os("/where"), ben, "PUT", { sessionId });
    await call(os(`/sessions/${sessionId}/report`), ana, "PUT", { summary: "More benches" });
    const named = JSON.stringify((await call(os(), ben)).body);
    expect(named).toContain(ANA);

    expect((await setAnonymous(fran, true, eventId)).body).toEqual({ anonymous: true });
    // Ben posts while it is on: his answer names nobody either.
    await call(os("/phase"), fran, "PUT", { phase: "marketplace" });
    const benPost = await call(os("/sessions"), ben, "POST", {
      title: "Night buses",
      spaceId: hall?.id,
      slotId: slot,
    });
    expect(benPost.status).toBe(201);
    const answers = [
      benPost.body,
      (await call(os(), ben)).body,
      (await call(os(), fran)).body,
      (await call(os("/proceedings"), ben)).body,
      (await call(os("/proceedings?format=html"), ben)).body,
    ].map((body) => (typeof body === "string" ? body : JSON.stringify(body)));
    for (const answer of answers) {
      for (const name of [ANA, FRAN]) expect(answer).not.toContain(name);
    }
    // The doc names nobody, Ben included: his page tells his own entries by his id ("you").
    expect(answers[1]).not.toContain(BEN);

    await setAnonymous(fran, false, eventId);
    const back = JSON.stringify((await call(os(), ben)).body);
    expect(back).toContain(ANA);
    expect(back).toContain(BEN);
  });
});
