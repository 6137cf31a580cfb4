import type { PathPlanData } from "./pathPlanData";
import { PATH_STEPS, type PathStepId } from "./pathSteps";

/** One step's part of the plain list that goes beside the poster in the event's export. */
export interface PathExportSection {
  step: PathStepId;
  number: number;
  title: string;
  /** One line per person, action or note, already worded for reading. */
  items: string[];
}

/**
 * A PATH plan as the export's plain list: the eight steps in order, each with what it yielded —
 * people to enrol with what each brings and who will ask, actions with owner and due date, and
 * the words of the notes in its region (`notesByRegion`). Steps with nothing say so.
 */
export function pathExportList(
  data: PathPlanData,
  notes: Partial<Record<PathStepId, readonly string[]>> = {},
): PathExportSection[] {
  return PATH_STEPS.map((step) => {
    const items: string[] = [];
    if (step.id === "enrol") {
      for (const p of data.people) {
        items.push(`${p.name}: brings ${p.brings}; ${p.whoWillAsk} will ask`);
      }
    }
    for (const a of data.actions) {
      if (a.step === step.id) items.push(`${a.what} (owner: ${a.owner}; due ${a.due})`);
    }
    for (const note of notes[step.id] ?? []) items.push(note);
    return { step: step.id, number: step.number, title: `${step.label}: ${step.title}`, items };
  });
}

/** The list as plain text (UTF-8, one line per item), e.g. `path-plan.txt` beside the poster. */
export function pathExportText(data: PathPlanData, sections: readonly PathExportSection[]): string {
  const lines = [`PATH for ${data.focus}`, `Held on ${data.heldOn}`, ""];
  for (const section of sections) {
    lines.push(`${section.number}. ${section.title}`);
    if (section.items.length === 0) lines.push("   (nothing recorded)");
    for (const item of section.items) lines.push(`   - ${item}`);
    lines.push("");
  }
  return lines.join("\n");
}
