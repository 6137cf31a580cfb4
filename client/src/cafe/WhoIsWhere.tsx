import type { CafeState } from "@tablecloth/cafe";
import { Name } from "../components/Name";

/** Without a capacity, a table with more people than this is marked crowded (cafés sit 4–5). */
export const CROWDED_WITHOUT_CAPACITY = 6;

export interface TableOccupancy {
  id: string;
  name: string;
  hostId: string | null;
  people: Array<{ id: string; presence: "in-room" | "remote" }>;
  empty: boolean;
  crowded: boolean;
}

/** Who sits at which table, with empty and crowded tables marked; unseated people apart. */
export function occupancy(state: CafeState): { tables: TableOccupancy[]; unseated: string[] } {
  const byTable = new Map<string, TableOccupancy>();
  const tables = state.tables.map((t) => {
    const entry: TableOccupancy = {
      id: t.id,
      name: t.name,
      hostId: t.hostId,
      people: [],
      empty: true,
      crowded: false,
    };
    byTable.set(t.id, entry);
    return entry;
  });
  const unseated: string[] = [];
  for (const [id, seat] of Object.entries(state.seating)) {
    const table = seat.tableId === null ? undefined : byTable.get(seat.tableId);
    if (table) table.people.push({ id, presence: seat.presence });
    else unseated.push(id);
  }
  for (const table of tables) {
    const capacity = state.tables.find((t) => t.id === table.id)?.capacity ?? null;
    table.empty = table.people.length === 0;
    table.crowded = table.people.length > (capacity ?? CROWDED_WITHOUT_CAPACITY);
    // Host first, then by id for a stable order.
    table.people.sort(
      (a, b) =>
        Number(b.id === table.hostId) - Number(a.id === table.hostId) || (a.id < b.id ? -1 : 1),
    );
  }
  return { tables, unseated };
}

/** The live who-is-where map: every table with its people, each marked in the room or remote. */
export function WhoIsWhere({
  state,
  names,
  me,
  compact = false,
}: {
  state: CafeState;
  names: ReadonlyMap<string, string>;
  me: string;
  compact?: boolean;
}) {
  const { tables, unseated } = occupancy(state);
  const nameOf = (id: string) => names.get(id) ?? "…";
  return (
    <section
      className={`map${compact ? " map--compact" : ""}`}
      aria-label="Who is where"
      data-testid="cafe-map"
    >
      <ul className="map__tables">
        {tables.map((table) => (
          <li
            key={table.id}
            className={`map__table${table.empty ? " map__table--empty" : ""}${table.crowded ? " map__table--crowded" : ""}`}
            data-testid="cafe-map-table"
            data-table-id={table.id}
            data-count={table.people.length}
            data-empty={String(table.empty)}
            data-crowded={String(table.crowded)}
          >
            <h3 className="map__name">
              {table.name} <span className="map__count">({table.people.length})</span>
              {table.empty ? <span className="map__mark"> · empty</span> : null}
              {table.crowded ? <span className="map__mark map__mark--bad"> · crowded</span> : null}
            </h3>
            <ul className="map__people">
              {table.people.map((p) => (
                <li
                  key={p.id}
                  data-testid="cafe-map-person"
                  data-participant-id={p.id}
                  className={p.id === me ? "map__me" : undefined}
                >
                  <span
                    className={`map__presence map__presence--${p.presence}`}
                    title={p.presence === "in-room" ? "in the room" : "remote"}
                  >
                    {p.presence === "in-room" ? "room" : "remote"}
                  </span>{" "}
                  <Name>{nameOf(p.id)}</Name>
                  {p.id === table.hostId ? <span className="map__host"> (host)</span> : null}
                  {p.id === me ? " (you)" : ""}
                  <span className="visually-hidden">
                    {p.presence === "in-room" ? ", in the room" : ", remote"}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {unseated.length > 0 ? (
        <p className="map__unseated" data-testid="cafe-map-unseated">
          Not at a table yet:{" "}
          {unseated.map((id, i) => (
            <span key={id}>
              {i > 0 ? ", " : null}
              <Name>{nameOf(id)}</Name>
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}
