import { describe, expect, it } from "vitest";
import { ApiError, friendlyMessage } from "./ApiError";

describe("friendlyMessage", () => {
  it("says what to do in plain words for each failure", () => {
    expect(friendlyMessage(new ApiError("network", 0, "fetch failed"))).toMatch(/internet/);
    expect(friendlyMessage(new ApiError("unauthenticated", 401, "expired"))).toMatch(/join again/);
    expect(friendlyMessage(new ApiError("not_found", 404, "no such code"))).toMatch(
      /Check the code/,
    );
    expect(friendlyMessage(new ApiError("invalid_request", 400, "bad", "code"))).toMatch(
      /code doesn't look right/,
    );
    expect(friendlyMessage(new ApiError("rate_limited", 429, "slow down"))).toMatch(/wait/);
  });

  it("never shows a stack trace or an engineer's message", () => {
    const message = friendlyMessage(new Error("TypeError: x is undefined"));
    expect(message).toBe("Something went wrong. Please try again.");
    expect(friendlyMessage(new ApiError("internal", 500, "SQLITE_BUSY"))).not.toMatch(/SQLITE/);
  });
});
