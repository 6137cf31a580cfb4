import { z } from "zod";

/**
 * What a board is for: a café `table`, an Open Space `session`, a `path` plan, the `plenary`
 * room, or the `harvest` where patterns across boards are gathered.
 */
export const BoardKindSchema = z.enum(["table", "session", "path", "plenary", "harvest"]);
export type BoardKind = z.infer<typeof BoardKindSchema>;
