import { PathError } from "./PathError";
import type { PathStepId } from "./pathSteps";

/** Limits of what a step's data may hold, named once. */
export const PATH_DATA_LIMITS = {
  /** Longest name, "what they bring" or action text, in characters. */
  maxTextLength: 300,
  /** Most people to enrol in one plan. */
  maxPeople: 200,
  /** Most actions in one plan (three months, next month and first steps together). */
  maxActions: 500,
  /** Longest focus name (person or group), in characters. */
  maxFocusLength: 120,
} as const;

/** Step 4: a person to enrol, what they bring, and who will ask them. */
export interface EnrolPerson {
  id: string;
  name: string;
  brings: string;
  whoWillAsk: string;
}

/** The steps whose data is actions with an owner and a date. */
export const ACTION_STEPS = ["three-months", "next-month", "first-step"] as const;
export type ActionStepId = (typeof ACTION_STEPS)[number];

/**
 * How far ahead each action step reaches, in days from the day of the PATH: a three-month
 * milestone at most ~3 months, next month's work at most ~1 month, a first step within a week.
 */
export const ACTION_HORIZON_DAYS: Readonly<Record<ActionStepId, number>> = {
  "three-months": 100,
  "next-month": 35,
  "first-step": 7,
};

/** Steps 6–8: an action with its owner and the date it is due (`YYYY-MM-DD`). */
export interface PathAction {
  id: string;
  step: ActionStepId;
  what: string;
  owner: string;
  due: string;
}

/** Everything a PATH yields as data, beside the drawing. */
export interface PathPlanData {
  /** The person (or group) the PATH is for. */
  focus: string;
  /** The day of the PATH (`YYYY-MM-DD`), from which action dates are measured. */
  heldOn: string;
  people: EnrolPerson[];
  actions: PathAction[];
}

export function isActionStep(step: PathStepId): step is ActionStepId {
  return (ACTION_STEPS as readonly string[]).includes(step);
}

function text(field: string, value: unknown, maxLength: number = PATH_DATA_LIMITS.maxTextLength) {
  if (typeof value !== "string") throw new PathError("invalid_data", `${field} must be text.`);
  const trimmed = value.trim().replace(/\s+/g, " ");
  if (trimmed.length === 0) throw new PathError("invalid_data", `${field} must not be empty.`);
  if (trimmed.length > maxLength) {
    throw new PathError("invalid_data", `${field} is longer than ${maxLength} characters.`);
  }
  return trimmed;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since the epoch of a `YYYY-MM-DD` calendar date; throws for anything else. */
export function dayNumber(field: string, value: unknown): number {
  const match = typeof value === "string" ? DATE.exec(value) : null;
  if (!match) throw new PathError("invalid_data", `${field} must be a date (YYYY-MM-DD).`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  ) {
    throw new PathError("invalid_data", `${field} is not a real date.`);
  }
  return ms / 86_400_000;
}

/** The calendar date (`YYYY-MM-DD`, UTC) of an epoch-ms time. */
export function calendarDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function validateFocus(value: unknown): string {
  return text("The focus person or group", value, PATH_DATA_LIMITS.maxFocusLength);
}

/** A person to enrol from untrusted input: every field required and trimmed. */
export function validateEnrolPerson(id: string, input: unknown): EnrolPerson {
  const body = (input ?? {}) as Record<string, unknown>;
  return {
    id,
    name: text("The person's name", body.name),
    brings: text("What they bring", body.brings),
    whoWillAsk: text("Who will ask them", body.whoWillAsk),
  };
}

/**
 * An action from untrusted input: an action step, what, an owner, and a due date on or after the
 * day of the PATH and within the step's horizon (`ACTION_HORIZON_DAYS`).
 */
export function validateAction(id: string, input: unknown, heldOn: string): PathAction {
  const body = (input ?? {}) as Record<string, unknown>;
  const step = body.step;
  if (typeof step !== "string" || !(ACTION_STEPS as readonly string[]).includes(step)) {
    throw new PathError(
      "invalid_data",
      `An action belongs to one of ${ACTION_STEPS.join(", ")}, not ${String(step)}.`,
    );
  }
  const actionStep = step as ActionStepId;
  const due = dayNumber("The due date", body.due);
  const start = dayNumber("The day of the PATH", heldOn);
  const horizon = ACTION_HORIZON_DAYS[actionStep];
  if (due < start) throw new PathError("invalid_data", "The due date is before the PATH.");
  if (due - start > horizon) {
    throw new PathError(
      "invalid_data",
      `A ${actionStep} action is due within ${horizon} days of the PATH.`,
    );
  }
  return {
    id,
    step: actionStep,
    what: text("What will be done", body.what),
    owner: text("Who owns it", body.owner),
    due: body.due as string,
  };
}

/** Adds a person, keeping the plan within `PATH_DATA_LIMITS.maxPeople`. */
export function addEnrolPerson(data: PathPlanData, person: EnrolPerson): PathPlanData {
  if (data.people.length >= PATH_DATA_LIMITS.maxPeople) {
    throw new PathError(
      "invalid_data",
      `A plan holds at most ${PATH_DATA_LIMITS.maxPeople} people.`,
    );
  }
  return { ...data, people: [...data.people, person] };
}

/** Adds an action, keeping the plan within `PATH_DATA_LIMITS.maxActions`. */
export function addAction(data: PathPlanData, action: PathAction): PathPlanData {
  if (data.actions.length >= PATH_DATA_LIMITS.maxActions) {
    throw new PathError(
      "invalid_data",
      `A plan holds at most ${PATH_DATA_LIMITS.maxActions} actions.`,
    );
  }
  return { ...data, actions: [...data.actions, action] };
}

/** Removes the person or action with `id`; throws `not_found` when neither has it. */
export function removeItem(data: PathPlanData, id: string): PathPlanData {
  const people = data.people.filter((p) => p.id !== id);
  const actions = data.actions.filter((a) => a.id !== id);
  if (people.length === data.people.length && actions.length === data.actions.length) {
    throw new PathError("not_found", "No person or action with that id in this plan.");
  }
  return { ...data, people, actions };
}
