import { describe, expect, it } from "vitest";
import { notesByRegion } from "./notesByRegion";
import { pathExportList, pathExportText } from "./pathExportList";
import { PATH_REGIONS } from "./pathLayout";
import type { PathPlanData } from "./pathPlanData";
import { pathTemplateRecords } from "./pathTemplate";

const data: PathPlanData = {
  focus: "Sam",
  heldOn: "2026-12-02",
  people: [{ id: "p1", name: "Aunt Rose", brings: "a car", whoWillAsk: "Sam" }],
  actions: [
    {
      id: "a1",
      step: "three-months",
      what: "Visit two colleges",
      owner: "Rose",
      due: "2027-02-28",
    },
    { id: "a2", step: "next-month", what: "Ask about bursaries", owner: "Jo", due: "2026-12-20" },
    { id: "a3", step: "first-step", what: "Phone Rose", owner: "Sam", due: "2026-12-03" },
  ],
};

const note = (id: string, x: number, y: number, text: string) => ({
  id,
  typeName: "shape",
  type: "note",
  x,
  y,
  props: {
    richText: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] },
  },
});

describe("pathExportList", () => {
  it("lists the eight steps in order with what each yielded", () => {
    const sections = pathExportList(data);
    expect(sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sections[3]?.items).toEqual(["Aunt Rose: brings a car; Sam will ask"]);
    expect(sections[5]?.items).toEqual(["Visit two colleges (owner: Rose; due 2027-02-28)"]);
    expect(sections[6]?.items).toEqual(["Ask about bursaries (owner: Jo; due 2026-12-20)"]);
    expect(sections[7]?.items).toEqual(["Phone Rose (owner: Sam; due 2026-12-03)"]);
    expect(sections[0]?.items).toEqual([]);
  });

  it("adds the notes of each region, template shapes left out, in reading order", () => {
    const ns = PATH_REGIONS["north-star"];
    const now = PATH_REGIONS.now;
    const records = [
      ...pathTemplateRecords("Sam"),
      note("shape:b", ns.x + 300, ns.y + 500, "Be a chef"),
      note("shape:a", ns.x + 10, ns.y + 200, "Live near friends"),
      note("shape:c", now.x + 10, now.y + 200, "Lives with mum"),
      note("shape:d", 10, 10, "stray"),
      note("shape:e", now.x + 10, now.y + 700, "  "),
    ];
    const { byStep, elsewhere } = notesByRegion(records);
    expect(byStep["north-star"]).toEqual(["Live near friends", "Be a chef"]);
    expect(byStep.now).toEqual(["Lives with mum"]);
    expect(byStep.goal).toEqual([]);
    expect(elsewhere).toEqual(["stray"]);
    const text = pathExportText(data, pathExportList(data, byStep));
    expect(text).toContain("PATH for Sam");
    expect(text).toContain(
      "1. North Star: Touching the dream\n   - Live near friends\n   - Be a chef",
    );
    expect(text).toContain("2. The goal: Sensing the goal\n   (nothing recorded)");
  });
});
