import { expect, it } from "vitest";
import { overlayLocalChange } from "./overlayLocalChange";

it("lays the locally changed fields (and props sub-fields) over the remote record", () => {
  const before = { x: 0, y: 0, props: { color: "black", size: "m" } };
  const after = { x: 10, y: 0, props: { color: "black", size: "l" } };
  const remote = { x: 0, y: 7, props: { color: "red", size: "m" } };
  expect(overlayLocalChange(remote, before, after)).toEqual({
    x: 10,
    y: 7,
    props: { color: "red", size: "l" },
  });
});
