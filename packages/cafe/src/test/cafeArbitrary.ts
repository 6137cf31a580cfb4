import fc from "fast-check";
import type { Seating } from "../PairHistory";
import type { RotationInput, RotationTable } from "../rotationTypes";

/** How a table's host appears in a generated café. */
type HostKind = "seated" | "unseated" | "absent" | "none";

/**
 * Random cafés for property tests: 1–6 tables, some without a host or with an absent host or a
 * host not yet seated, 0–36 other people seated anywhere or not at all (late arrivals), and up
 * to two earlier rounds of history. `capped` adds capacities of 1–8.
 */
export function cafeArbitrary(options: { capped: boolean }): fc.Arbitrary<RotationInput> {
  return fc.integer({ min: 1, max: 6 }).chain((tableCount) =>
    fc
      .record({
        hosts: fc.array(
          fc.constantFrom<HostKind>("seated", "seated", "seated", "unseated", "absent", "none"),
          { minLength: tableCount, maxLength: tableCount },
        ),
        capacities: fc.array(
          options.capped ? fc.integer({ min: 1, max: 8 }) : fc.constant(undefined),
          { minLength: tableCount, maxLength: tableCount },
        ),
        others: fc.array(fc.option(fc.integer({ min: 0, max: tableCount - 1 }), { freq: 5 }), {
          maxLength: 36,
        }),
        history: fc.array(
          fc.array(fc.integer({ min: 0, max: tableCount - 1 }), { minLength: 48, maxLength: 48 }),
          { maxLength: 2 },
        ),
        seed: fc.integer(),
      })
      .map(({ hosts, capacities, others, history, seed }) => {
        const tables: RotationTable[] = [];
        const seating: Record<string, string | null> = {};
        hosts.forEach((kind, t) => {
          const hostId = kind === "none" ? null : `h${t}`;
          const capacity = capacities[t];
          tables.push(
            capacity === undefined ? { id: `t${t}`, hostId } : { id: `t${t}`, hostId, capacity },
          );
          if (kind === "seated") seating[`h${t}`] = `t${t}`;
          if (kind === "unseated") seating[`h${t}`] = null;
        });
        others.forEach((t, i) => {
          seating[`p${i}`] = t === null ? null : `t${t}`;
        });
        const everyone = Object.keys(seating);
        const past: Seating[] = history.map((round) => {
          const s: Record<string, string> = {};
          everyone.forEach((id, i) => {
            s[id] = `t${round[i % round.length]}`;
          });
          return s;
        });
        return { tables, seating, history: past, seed };
      }),
  );
}
