import { describe, expect, it } from "vitest";
import { distinguishNames } from "./distinguishNames";

describe("distinguishNames", () => {
  it("keeps names nobody shares as they are", () => {
    const names = new Map([
      ["a1", "Ana"],
      ["b1", "Ben"],
    ]);
    expect([...distinguishNames(names)]).toEqual([
      ["a1", "Ana"],
      ["b1", "Ben"],
    ]);
  });

  it("tags each of two people of one name with a short piece of their id", () => {
    const labels = distinguishNames(
      new Map([
        ["Xq9aaaaa", "Ana"],
        ["k3Tbbbbb", "Ana"],
        ["zz", "Ben"],
      ]),
    );
    expect(labels.get("Xq9aaaaa")).toBe("Ana (Xq)");
    expect(labels.get("k3Tbbbbb")).toBe("Ana (k3)");
    expect(labels.get("zz")).toBe("Ben");
  });

  it("treats case and surrounding spaces as the same name", () => {
    const labels = distinguishNames(
      new Map([
        ["p1xxxx", "Ana "],
        ["q2yyyy", "ana"],
      ]),
    );
    expect(labels.get("p1xxxx")).toBe("Ana (p1)");
    expect(labels.get("q2yyyy")).toBe("ana (q2)");
  });

  it("lengthens the tag until it is unique among namesakes", () => {
    const labels = distinguishNames(
      new Map([
        ["abc111", "Ana"],
        ["abd222", "Ana"],
        ["x", "Ana"],
      ]),
    );
    expect(labels.get("abc111")).toBe("Ana (abc)");
    expect(labels.get("abd222")).toBe("Ana (abd)");
    expect(labels.get("x")).toBe("Ana (x)");
  });

  it("gives the same labels whatever order the names were read in", () => {
    const entries: Array<[string, string]> = [
      ["m1aaaa", "Ana"],
      ["n2bbbb", "Ana"],
      ["o3cccc", "Ana"],
      ["p4dddd", "Chen"],
    ];
    const forward = distinguishNames(new Map(entries));
    const backward = distinguishNames(new Map([...entries].reverse()));
    for (const [id] of entries) expect(backward.get(id)).toBe(forward.get(id));
    expect(new Set(forward.values()).size).toBe(entries.length);
  });
});
