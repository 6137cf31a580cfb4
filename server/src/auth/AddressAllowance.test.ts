import { describe, expect, it } from "vitest";
import { AddressAllowance } from "./AddressAllowance";

describe("AddressAllowance", () => {
  it("grants each address its share per code, and a new code a fresh share", () => {
    const allowance = new AddressAllowance(2, 100);
    expect(allowance.take("AAAAAA", "10.0.0.1")).toBe(true);
    expect(allowance.take("AAAAAA", "10.0.0.1")).toBe(true);
    expect(allowance.take("AAAAAA", "10.0.0.1")).toBe(false);
    expect(allowance.take("AAAAAA", "10.0.0.2")).toBe(true);
    expect(allowance.take("BBBBBB", "10.0.0.1")).toBe(true);
  });

  it("takes back an identity that was not minted", () => {
    const allowance = new AddressAllowance(1, 100);
    expect(allowance.take("AAAAAA", "a")).toBe(true);
    allowance.giveBack("AAAAAA", "a");
    expect(allowance.take("AAAAAA", "a")).toBe(true);
    expect(allowance.take("AAAAAA", "a")).toBe(false);
  });

  it("stays bounded, forgetting the least recently used pair", () => {
    const allowance = new AddressAllowance(1, 2);
    allowance.take("C", "a");
    allowance.take("C", "b");
    allowance.take("C", "c");
    expect(allowance.take("C", "a")).toBe(true);
    expect(allowance.take("C", "c")).toBe(false);
  });
});
