import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyRotation } from "./applyRotation";
import type { RoundSeating } from "./cafeDocLayout";
import { createRandom, type Random } from "./createRandom";
import { readPastRounds, recordPastRound } from "./pastRounds";
import { planRotation } from "./planRotation";
import { endRound, NOT_STARTED, type RoundState, startRound } from "./RoundState";
import { readCafe } from "./readCafe";
import { rotationInputFromCafe } from "./rotationInputFromCafe";
import { writeRound, writeSeat, writeSettings, writeTable } from "./writeCafe";

/**
 * The rotation update is sent to every participant's socket on the control doc (2,000 sockets
 * for this café), so its size is the server's write volume per rotation. With the original
 * layout (object seats plus the ending round's seating in `cafe.history`) this same rotation
 * measured 168,460 bytes; the bound below keeps room for Yjs details, not for a layout change.
 */
const MAX_ROTATION_FRAME_BYTES = 40 * 1024;

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A 16-character base64url id, as the server's `newId` makes. */
function newId(random: Random): string {
  let id = "";
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[random.int(ID_ALPHABET.length)];
  return id;
}

/**
 * The control doc of a 2,000-person café over 200 tables, built through the same writers and in
 * the same order as the server's routes: set-up makes the tables one by one, everyone says they
 * are here, a host volunteers at each table, the first plan seats everyone, round 1 starts.
 */
function serverLikeCafe(random: Random): { doc: Y.Doc; rounds: Y.Doc; round: RoundState } {
  const doc = new Y.Doc();
  const rounds = new Y.Doc();
  const eventId = newId(random);
  writeSettings(doc, { questions: ["What matters?"], roundCount: 3, roundLengthMs: 1_200_000 });
  for (let i = 0; i < 200; i++) {
    const boardId = newId(random);
    writeTable(doc, {
      id: boardId,
      name: `Table ${i + 1}`,
      question: "What matters?",
      hostId: null,
      boardId,
      docName: `${eventId}.${boardId}`,
      capacity: 10,
    });
  }
  const people: string[] = [];
  for (let i = 0; i < 2_000; i++) {
    const id = newId(random);
    people.push(id);
    writeSeat(doc, id, { tableId: null, presence: i % 3 === 0 ? "remote" : "in-room" });
  }
  readCafe(doc).tables.forEach((table, i) => {
    const hostId = people[i * 10] as string;
    const presence = readCafe(doc).seating[hostId]?.presence ?? "in-room";
    writeTable(doc, { ...table, hostId });
    writeSeat(doc, hostId, { tableId: table.id, presence });
  });
  recordPastRound(
    rounds,
    applyRotation(doc, planRotation(rotationInputFromCafe(readCafe(doc), 1))),
  );
  const round = startRound(NOT_STARTED, { durationMs: 1_200_000, now: 1_000 });
  writeRound(doc, round);
  return { doc, rounds, round };
}

/** Plans and applies one rotation; returns the moves and the bytes of each update it made. */
function rotate(doc: Y.Doc, rounds: Y.Doc, seed: number): { moves: number; updates: number[] } {
  const state = readCafe(doc);
  const past: readonly RoundSeating[] = readPastRounds(rounds).rounds;
  const plan = planRotation(rotationInputFromCafe(state, seed, past));
  const updates: number[] = [];
  const onUpdate = (update: Uint8Array): void => {
    updates.push(update.byteLength);
  };
  doc.on("update", onUpdate);
  recordPastRound(rounds, applyRotation(doc, plan));
  doc.off("update", onUpdate);
  return { moves: plan.moves.length, updates };
}

describe("rotation frame size", () => {
  it("a 2,000-person rotation is one small update, round after round", () => {
    const { doc, rounds, round } = serverLikeCafe(createRandom(11));
    const first = rotate(doc, rounds, 2);
    expect(first.moves).toBe(1_800);
    expect(first.updates).toHaveLength(1);
    expect(first.updates[0]).toBeLessThanOrEqual(MAX_ROTATION_FRAME_BYTES);

    writeRound(doc, startRound(endRound(round), { durationMs: 1_200_000, now: 2_000 }));
    const second = rotate(doc, rounds, 3);
    expect(second.moves).toBe(1_800);
    expect(second.updates).toHaveLength(1);
    expect(second.updates[0]).toBeLessThanOrEqual(MAX_ROTATION_FRAME_BYTES);
    expect(readPastRounds(rounds).rounds.map((r) => r.round)).toEqual([0, 1, 2]);
  });
});
