import { describe, expect, it } from "vitest";
import { compileProceedings } from "./compileProceedings";
import { fileReport } from "./fileReport";
import { mergeSessions } from "./mergeSessions";
import { attachBoard, postSession } from "./postSession";
import { renderProceedingsHtml } from "./renderProceedingsHtml";
import { signUp } from "./signUps";
import { ann, bob, cat, facilitator, gridOf } from "./test/openSpaceFixtures";

function withTwoSessions() {
  let state = gridOf(2, 2);
  state = postSession(state, ann, {
    id: "late",
    title: "Later <b>topic</b>",
    spaceId: "sp1",
    slotId: "sl2",
    postedAt: 1,
  });
  state = postSession(state, bob, {
    id: "early",
    title: "Transport",
    spaceId: "sp2",
    slotId: "sl1",
    postedAt: 2,
  });
  state = postSession(state, cat, {
    id: "dup",
    title: "Buses",
    spaceId: "sp1",
    slotId: "sl1",
    postedAt: 3,
  });
  state = attachBoard(state, "early", { boardId: "b-early", docName: "d-early" });
  state = attachBoard(state, "dup", { boardId: "b-dup", docName: "d-dup" });
  state = signUp(signUp(state, cat, "early"), ann, "dup");
  state = mergeSessions(state, facilitator, "early", "dup");
  return fileReport(state, bob, "early", {
    summary: "Buses & trams\n\nSecond para",
    nextSteps: "Ask the council",
    filedAt: 0,
  });
}

describe("compileProceedings", () => {
  it("lists every session in wall order with its report, sign-ups and boards (merged ones too)", () => {
    const p = compileProceedings(withTwoSessions(), {
      title: "Ageing well",
      purpose: "Shape the service",
    });
    expect(p.sessions.map((s) => s.id)).toEqual(["early", "late"]);
    const early = p.sessions[0];
    expect(early?.conveners).toEqual(["Bob", "Cat"]);
    expect(early?.signUps).toBe(2);
    expect(early?.boards.map((b) => b.boardId)).toEqual(["b-early", "b-dup"]);
    expect(early?.report?.nextSteps).toBe("Ask the council");
    expect(p.sessions[1]?.report).toBeNull();
    expect(p.reported).toBe(1);
  });

  it("renders escaped, self-contained HTML with board links", () => {
    const html = renderProceedingsHtml(
      compileProceedings(withTwoSessions(), { title: "A <script>", purpose: "" }),
      { boardHref: (b) => `boards/${b.boardId}.svg` },
    );
    expect(html).toContain("<h1>Proceedings: A &lt;script&gt;</h1>");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Later &lt;b&gt;topic&lt;/b&gt;");
    expect(html).toContain("<p>Buses &amp; trams</p>\n<p>Second para</p>");
    expect(html).toContain('<a href="boards/b-dup.svg">Buses</a>');
    expect(html).toContain("No report filed yet.");
  });
});
