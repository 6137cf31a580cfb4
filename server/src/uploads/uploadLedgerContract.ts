import { describe, expect, it } from "vitest";
import type { UploadEntry, UploadLedger } from "./UploadLedger";

/** What every `UploadLedger` backend must do; call with a factory of fresh, empty ledgers. */
export function uploadLedgerContract(name: string, makeLedger: () => Promise<UploadLedger>): void {
  const entry = (over: Partial<UploadEntry>): UploadEntry => ({
    eventId: "e1",
    hash: "a".repeat(64),
    participantId: "p1",
    bytes: 100,
    at: 1,
    ...over,
  });
  const quotas = { perEventBytes: 1_000, perParticipantBytes: 400 };

  describe(`UploadLedger contract: ${name}`, () => {
    it("charges a content once per event, and again in another event", async () => {
      const ledger = await makeLedger();
      expect(await ledger.record(entry({}), quotas)).toEqual({ ok: true, added: true });
      expect(await ledger.record(entry({ participantId: "p2" }), quotas)).toEqual({
        ok: true,
        added: false,
      });
      expect(await ledger.record(entry({ eventId: "e2", participantId: "q1" }), quotas)).toEqual({
        ok: true,
        added: true,
      });
    });

    it("refuses past the participant's quota, then past the event's, recording nothing", async () => {
      const ledger = await makeLedger();
      for (const [i, bytes] of [300, 100].entries()) {
        expect(await ledger.record(entry({ hash: `${i}`.repeat(64), bytes }), quotas)).toEqual({
          ok: true,
          added: true,
        });
      }
      expect(await ledger.record(entry({ hash: "x".repeat(64), bytes: 1 }), quotas)).toEqual({
        ok: false,
        exceeded: "participant",
      });
      for (const p of ["p2", "p3"]) {
        await ledger.record(entry({ hash: p.repeat(32), participantId: p, bytes: 250 }), quotas);
      }
      expect(
        await ledger.record(
          entry({ hash: "y".repeat(64), participantId: "p4", bytes: 101 }),
          quotas,
        ),
      ).toEqual({ ok: false, exceeded: "event" });
      // The refused ones were not recorded: a content that fits still gets in.
      expect(
        await ledger.record(
          entry({ hash: "z".repeat(64), participantId: "p4", bytes: 100 }),
          quotas,
        ),
      ).toEqual({ ok: true, added: true });
    });

    it("holds the event quota under concurrent uploads", async () => {
      const ledger = await makeLedger();
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          ledger.record(
            entry({ hash: `${i}`.padStart(64, "0"), participantId: `p${i}`, bytes: 100 }),
            quotas,
          ),
        ),
      );
      expect(results.filter((r) => r.ok && r.added)).toHaveLength(10);
    });
  });
}
