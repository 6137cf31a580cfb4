import { EMPTY_OPEN_SPACE, goTo, postSession, setGrid } from "@tablecloth/open-space";
import { describe, expect, it } from "vitest";
import { namesInDoc } from "./namesInDoc";

describe("namesInDoc", () => {
  it("names conveners and everyone who moved, from the state alone", () => {
    const fran = { id: "f1", name: "Fran", role: "facilitator" } as const;
    const ann = { id: "p1", name: "Ann", role: "participant" } as const;
    const bob = { id: "p2", name: "Bob", role: "participant" } as const;
    let n = 0;
    let state = setGrid(
      EMPTY_OPEN_SPACE,
      fran,
      { spaces: [{ name: "Hall" }], slots: [{ label: "10:00" }] },
      () => `id${++n}`,
    );
    state = postSession(state, ann, {
      id: "s1",
      title: "Buses",
      spaceId: state.spaces[0]?.id ?? "",
      slotId: state.slots[0]?.id ?? "",
      postedAt: 0,
    });
    expect([...namesInDoc(state)]).toEqual([["p1", "Ann"]]);
    state = goTo(state, bob, "s1");
    expect(namesInDoc(state).get("p2")).toBe("Bob");
    expect(namesInDoc(state).get("nobody")).toBeUndefined();
  });
});
