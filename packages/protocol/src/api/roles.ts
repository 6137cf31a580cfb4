import { z } from "zod";

/**
 * Who someone is in an event.
 * - `facilitator`: everything, history included; writes the control doc and every board.
 * - `participant`: boards read-write, the control doc read-only.
 * - `observer`: read-only everywhere (projectors, late readers); awareness still shows them.
 */
export const RoleSchema = z.enum(["facilitator", "participant", "observer"]);
export type Role = z.infer<typeof RoleSchema>;

/** Roles a person may ask for when joining with the event's join code. */
export const JoinRoleSchema = z.enum(["participant", "observer"]);
export type JoinRole = z.infer<typeof JoinRoleSchema>;
