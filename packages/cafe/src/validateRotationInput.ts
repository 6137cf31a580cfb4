import { CafeError, CafeErrorCode } from "./CafeError";
import type { Seating } from "./PairHistory";
import type { RotationTable } from "./rotationTypes";

/**
 * Checks tables and seating before planning, throwing a `CafeError` that names the first problem:
 * no tables, a bad or duplicate table id, a capacity that is not a positive integer, a person
 * hosting two tables, a seat at an unknown table, or a host seated at someone else's table.
 * Returns each table's index by id.
 */
export function validateRotationInput(
  tables: readonly RotationTable[],
  seating: Seating,
): Map<string, number> {
  if (tables.length === 0) throw new CafeError(CafeErrorCode.NoTables, "The café has no tables");
  const indexById = new Map<string, number>();
  const hostedBy = new Map<string, string>();
  tables.forEach((table, index) => {
    if (typeof table.id !== "string" || table.id.length === 0) {
      throw new CafeError(CafeErrorCode.InvalidTableId, `Table #${index + 1} has no id`);
    }
    if (indexById.has(table.id)) {
      throw new CafeError(CafeErrorCode.DuplicateTable, `Two tables have the id "${table.id}"`, {
        tableId: table.id,
      });
    }
    indexById.set(table.id, index);
    const { capacity } = table;
    if (capacity !== undefined && !(Number.isInteger(capacity) && capacity >= 1)) {
      throw new CafeError(
        CafeErrorCode.InvalidCapacity,
        `Table "${table.id}" has capacity ${String(capacity)}; it must be a whole number of at least 1`,
        { tableId: table.id },
      );
    }
    if (table.hostId !== null) {
      const other = hostedBy.get(table.hostId);
      if (other !== undefined) {
        throw new CafeError(
          CafeErrorCode.DuplicateHost,
          `"${table.hostId}" hosts both "${other}" and "${table.id}"`,
          { tableId: table.id, participantId: table.hostId },
        );
      }
      hostedBy.set(table.hostId, table.id);
    }
  });
  for (const [participantId, tableId] of Object.entries(seating)) {
    if (tableId === null) continue;
    if (!indexById.has(tableId)) {
      throw new CafeError(
        CafeErrorCode.UnknownTable,
        `"${participantId}" is seated at unknown table "${String(tableId)}"`,
        { tableId: String(tableId), participantId },
      );
    }
    const hosted = hostedBy.get(participantId);
    if (hosted !== undefined && hosted !== tableId) {
      throw new CafeError(
        CafeErrorCode.HostSeatedElsewhere,
        `"${participantId}" hosts "${hosted}" but is seated at "${tableId}"`,
        { tableId: hosted, participantId },
      );
    }
  }
  return indexById;
}
