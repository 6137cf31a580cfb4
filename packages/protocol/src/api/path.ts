import { z } from "zod";

/**
 * Bodies and answers of the PATH API (`/api/events/:eventId/path/…`). A PATH plan's live state
 * (current step, phase, time per step, graphic facilitator, people to enrol, actions) is in the
 * event's control doc under `path`, written only by the server; the rules (step order, what each
 * step yields) are `@tablecloth/path`'s, which checks what these shapes let through.
 */
const text = z.string().max(1_000);
const id = z.string().min(1).max(64);

/** `POST /api/events/:eventId/path/plans` (facilitator): a PATH board for a person or group. */
export const PathCreateBodySchema = z.object({
  /** The focus person (or group), named on the poster. */
  focus: text,
  /** The board's title; "PATH for <focus>" when absent. */
  title: z.string().trim().min(1).max(200).optional(),
  /** The day of the PATH (`YYYY-MM-DD`); today (server time, UTC) when absent. */
  heldOn: z.string().max(10).optional(),
});
export type PathCreateBody = z.infer<typeof PathCreateBodySchema>;

/** `POST …/plans/:boardId/step` (facilitator): go to a step (the next one, or one reached). */
export const PathStepBodySchema = z.object({ step: z.string().max(32) });
export type PathStepBody = z.infer<typeof PathStepBodySchema>;

/** `POST …/plans/:boardId/phase` (facilitator): participants add notes, or only watch. */
export const PathPhaseBodySchema = z.object({ phase: z.enum(["add", "watch"]) });
export type PathPhaseBody = z.infer<typeof PathPhaseBodySchema>;

/** `PUT …/plans/:boardId/graphic-facilitator` (facilitator): who draws; null for nobody. */
export const PathGraphicFacilitatorBodySchema = z.object({ participantId: id.nullable() });
export type PathGraphicFacilitatorBody = z.infer<typeof PathGraphicFacilitatorBodySchema>;

/** `POST …/plans/:boardId/people` (facilitator): a person to enrol (step 4). */
export const PathPersonBodySchema = z.object({ name: text, brings: text, whoWillAsk: text });
export type PathPersonBody = z.infer<typeof PathPersonBodySchema>;

/** `POST …/plans/:boardId/actions` (facilitator): an action of steps 6–8. */
export const PathActionBodySchema = z.object({
  step: z.string().max(32),
  what: text,
  owner: text,
  /** `YYYY-MM-DD`. */
  due: z.string().max(10),
});
export type PathActionBody = z.infer<typeof PathActionBodySchema>;

const ProgressSchema = z.object({
  current: z.string().nullable(),
  phase: z.enum(["add", "watch"]),
  since: z.number().nullable(),
  furthest: z.string().nullable(),
  spentMs: z.record(z.string(), z.number()),
  timeline: z.array(z.object({ step: z.string(), at: z.number() })),
});

/** One PATH plan as the API answers it. */
export const PathPlanSchema = z.object({
  boardId: z.string(),
  docName: z.string(),
  title: z.string(),
  focus: z.string(),
  heldOn: z.string(),
  graphicFacilitatorId: z.string().nullable(),
  progress: ProgressSchema,
  people: z.array(
    z.object({ id: z.string(), name: z.string(), brings: z.string(), whoWillAsk: z.string() }),
  ),
  actions: z.array(
    z.object({
      id: z.string(),
      step: z.string(),
      what: z.string(),
      owner: z.string(),
      due: z.string(),
    }),
  ),
});
export type PathPlan = z.infer<typeof PathPlanSchema>;

export const PathPlanResponseSchema = z.object({ plan: PathPlanSchema });
export type PathPlanResponse = z.infer<typeof PathPlanResponseSchema>;

export const PathPlansResponseSchema = z.object({ plans: z.array(PathPlanSchema) });
export type PathPlansResponse = z.infer<typeof PathPlansResponseSchema>;

/** `GET …/plans/:boardId/list` (member): the plain list that goes beside the poster. */
export const PathListResponseSchema = z.object({
  sections: z.array(
    z.object({
      step: z.string(),
      number: z.number(),
      title: z.string(),
      items: z.array(z.string()),
    }),
  ),
  text: z.string(),
});
export type PathListResponse = z.infer<typeof PathListResponseSchema>;
