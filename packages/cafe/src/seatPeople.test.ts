import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CafeErrorCode, isCafeError } from "./CafeError";
import { CAFE_MAPS } from "./cafeDocLayout";
import { readCafeNames } from "./cafeNames";
import { readCafe } from "./readCafe";
import { arriveAtTable, joinCafe, moveSelf, seatParticipant } from "./seatPeople";
import { table } from "./test/cafeDocFixtures";
import { writeSettings, writeTables } from "./writeCafe";

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isCafeError(error) ? error.code : "not a CafeError";
  }
}

const ada = { id: "ada", name: "Ada" };
const bo = { id: "bo", name: "Bo" };
const host = { id: "host", name: "Host" };

function cafe(): Y.Doc {
  const doc = new Y.Doc();
  writeTables(doc, [table("a", null, { capacity: 2 }), table("b", "host", { capacity: 2 })]);
  joinCafe(doc, host, "in-room");
  seatParticipant(doc, host, "b");
  return doc;
}

describe("seating people", () => {
  it("joins the café unseated with the name beside the seat; joining again changes only presence", () => {
    const doc = cafe();
    expect(joinCafe(doc, ada, "remote")).toEqual({ tableId: null, presence: "remote" });
    expect(readCafeNames(doc).get("ada")).toBe("Ada");
    seatParticipant(doc, ada, "a");
    const seatsChanged: string[] = [];
    doc.getMap(CAFE_MAPS.seating).observe((e) => seatsChanged.push(...e.keysChanged));
    doc.getMap(CAFE_MAPS.names).observe((e) => seatsChanged.push(...e.keysChanged));
    expect(joinCafe(doc, ada, "in-room")).toEqual({ tableId: "a", presence: "in-room" });
    // Neither the seat nor the unchanged name is written again.
    expect(seatsChanged).toEqual([]);
    expect(joinCafe(doc, { id: "ada", name: "Ada L." }, "in-room").tableId).toBe("a");
    expect(readCafeNames(doc).get("ada")).toBe("Ada L.");
  });

  it("lets a facilitator seat anyone, but not move a host away from their table", () => {
    const doc = cafe();
    expect(seatParticipant(doc, bo, "a")).toEqual({ tableId: "a", presence: "in-room" });
    expect(readCafeNames(doc).get("bo")).toBe("Bo");
    expect(seatParticipant(doc, bo, null).tableId).toBeNull();
    expect(codeOf(() => seatParticipant(doc, host, "a"))).toBe(CafeErrorCode.HostCannotMove);
    expect(seatParticipant(doc, host, "b").tableId).toBe("b");
    expect(codeOf(() => seatParticipant(doc, bo, "zz"))).toBe(CafeErrorCode.UnknownTable);
  });

  it("lets people move themselves only while movement is free: hosts stay, full tables refuse", () => {
    const doc = cafe();
    joinCafe(doc, ada, "in-room");
    expect(codeOf(() => moveSelf(doc, ada, "a"))).toBe(CafeErrorCode.MovementClosed);
    writeSettings(doc, { freeMovement: true });
    expect(moveSelf(doc, ada, "a")).toEqual({ tableId: "a", presence: "in-room" });
    // Someone new (never said where they are) arrives remote, with their name.
    expect(moveSelf(doc, bo, "a")).toEqual({ tableId: "a", presence: "remote" });
    expect(readCafeNames(doc).get("bo")).toBe("Bo");
    const carol = { id: "carol", name: "Carol" };
    expect(codeOf(() => moveSelf(doc, carol, "a"))).toBe(CafeErrorCode.TableFull);
    expect(readCafe(doc).seating.carol).toBeUndefined();
    // Already there: nothing changes, even at a full table.
    expect(moveSelf(doc, ada, "a").tableId).toBe("a");
    expect(codeOf(() => moveSelf(doc, host, "a"))).toBe(CafeErrorCode.HostCannotMove);
    expect(codeOf(() => moveSelf(doc, ada, "zz"))).toBe(CafeErrorCode.UnknownTable);
  });
});

describe("arriving by a table's QR code", () => {
  it("seats someone new at the scanned table, in the room, while movement is closed", () => {
    const doc = cafe();
    expect(readCafe(doc).settings.freeMovement).toBe(false);
    expect(arriveAtTable(doc, ada, "a")).toEqual({ tableId: "a", presence: "in-room" });
    expect(readCafeNames(doc).get("ada")).toBe("Ada");
    // Someone in the café without a table yet arrives too.
    joinCafe(doc, bo, "remote");
    expect(arriveAtTable(doc, bo, "a")).toEqual({ tableId: "a", presence: "in-room" });
  });

  it("refuses a full table, an unknown one, and is no way round the seating for the seated", () => {
    const doc = cafe();
    arriveAtTable(doc, ada, "a");
    arriveAtTable(doc, bo, "a");
    expect(codeOf(() => arriveAtTable(doc, { id: "cy", name: "Cy" }, "a"))).toBe(
      CafeErrorCode.TableFull,
    );
    expect(codeOf(() => arriveAtTable(doc, { id: "cy", name: "Cy" }, "nope"))).toBe(
      CafeErrorCode.UnknownTable,
    );
    // Scanning the code of the table one sits at again changes nothing.
    expect(arriveAtTable(doc, ada, "a")).toEqual({ tableId: "a", presence: "in-room" });
    // Ada sits at a: scanning b's code is a move, and movement is closed.
    expect(codeOf(() => arriveAtTable(doc, ada, "b"))).toBe(CafeErrorCode.MovementClosed);
    writeSettings(doc, { freeMovement: true });
    expect(arriveAtTable(doc, ada, "b").tableId).toBe("b");
    // The host of b stays, whatever code they scan.
    expect(codeOf(() => arriveAtTable(doc, host, "a"))).toBe(CafeErrorCode.HostCannotMove);
  });
});
