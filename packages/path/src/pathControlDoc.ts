import * as Y from "yjs";
import { NOT_STARTED, type PathPhase, type PathProgress } from "./PathProgress";
import type { EnrolPerson, PathAction, PathPlanData } from "./pathPlanData";
import { ACTION_STEPS } from "./pathPlanData";
import { isPathStepId, type PathStepId } from "./pathSteps";

/**
 * Where PATH keeps its live state in the event's control doc: root map `path`, board id → `Y.Map`
 * with one entry per field below (JSON values). Facilitators write it through the server's PATH
 * routes; everyone reads it (the current step, so every view follows it; the time per step).
 */
export const PATH_CONTROL_KEY = "path";

/** One PATH plan: its board, the focus person and everything the steps produced so far. */
export interface PathPlanState extends PathPlanData {
  boardId: string;
  /** Who draws: a facilitator or participant of the event the process facilitator named; null until then. */
  graphicFacilitatorId: string | null;
  progress: PathProgress;
}

function plansMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(PATH_CONTROL_KEY);
}

/** Writes `plan` field by field (unchanged fields are not rewritten, so history stays small). */
export function writePathPlan(doc: Y.Doc, plan: PathPlanState): void {
  const plans = plansMap(doc);
  let map = plans.get(plan.boardId);
  if (!(map instanceof Y.Map)) {
    map = new Y.Map<unknown>();
    plans.set(plan.boardId, map);
  }
  const fields: Record<string, unknown> = {
    boardId: plan.boardId,
    focus: plan.focus,
    heldOn: plan.heldOn,
    graphicFacilitatorId: plan.graphicFacilitatorId ?? "",
    progress: plan.progress,
    people: plan.people,
    actions: plan.actions,
  };
  for (const [key, value] of Object.entries(fields)) {
    if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
  }
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function readProgress(value: unknown): PathProgress {
  if (value === null || typeof value !== "object") return NOT_STARTED;
  const v = value as Record<string, unknown>;
  const step = (s: unknown): PathStepId | null => (isPathStepId(s) ? s : null);
  const phase: PathPhase = v.phase === "add" ? "add" : "watch";
  const spentMs: Partial<Record<PathStepId, number>> = {};
  if (v.spentMs !== null && typeof v.spentMs === "object") {
    for (const [k, ms] of Object.entries(v.spentMs as Record<string, unknown>)) {
      if (isPathStepId(k) && typeof ms === "number" && Number.isFinite(ms)) spentMs[k] = ms;
    }
  }
  const timeline = Array.isArray(v.timeline)
    ? v.timeline.flatMap((c: unknown) => {
        const change = (c ?? {}) as Record<string, unknown>;
        const s = step(change.step);
        return s !== null && typeof change.at === "number" ? [{ step: s, at: change.at }] : [];
      })
    : [];
  return {
    current: step(v.current),
    phase,
    since: typeof v.since === "number" ? v.since : null,
    furthest: step(v.furthest),
    spentMs,
    timeline,
  };
}

function readPeople(value: unknown): EnrolPerson[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p: unknown) => {
    const o = (p ?? {}) as Record<string, unknown>;
    return typeof o.id === "string"
      ? [{ id: o.id, name: str(o.name), brings: str(o.brings), whoWillAsk: str(o.whoWillAsk) }]
      : [];
  });
}

function readActions(value: unknown): PathAction[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((a: unknown) => {
    const o = (a ?? {}) as Record<string, unknown>;
    const step = ACTION_STEPS.find((s) => s === o.step);
    return typeof o.id === "string" && step
      ? [{ id: o.id, step, what: str(o.what), owner: str(o.owner), due: str(o.due) }]
      : [];
  });
}

/** The plan of `boardId` as the control doc holds it, or null when there is none. */
export function readPathPlan(doc: Y.Doc, boardId: string): PathPlanState | null {
  const map = plansMap(doc).get(boardId);
  if (!(map instanceof Y.Map)) return null;
  const graphic = str(map.get("graphicFacilitatorId"));
  return {
    boardId,
    focus: str(map.get("focus")),
    heldOn: str(map.get("heldOn")),
    graphicFacilitatorId: graphic === "" ? null : graphic,
    progress: readProgress(map.get("progress")),
    people: readPeople(map.get("people")),
    actions: readActions(map.get("actions")),
  };
}

/** Every plan of the event, by board id order of creation (the map's key order is not kept). */
export function readPathPlans(doc: Y.Doc): PathPlanState[] {
  const out: PathPlanState[] = [];
  for (const boardId of plansMap(doc).keys()) {
    const plan = readPathPlan(doc, boardId);
    if (plan) out.push(plan);
  }
  return out.sort((a, b) => a.boardId.localeCompare(b.boardId));
}
