import { z } from "zod";

/** The facilitation method an event follows (see methods.md). */
export const EventFormatSchema = z.enum(["world-cafe", "open-space", "path"]);
export type EventFormat = z.infer<typeof EventFormatSchema>;
