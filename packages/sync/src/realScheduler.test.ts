import { describe, expect, it } from "vitest";
import { realScheduler } from "./realScheduler";

describe("realScheduler", () => {
  it("runs zero-delay timers after the current turn and can cancel both kinds", async () => {
    const ran: string[] = [];
    const cancelledNow = realScheduler.setTimeout(() => ran.push("cancelled-now"), 0);
    const cancelledLater = realScheduler.setTimeout(() => ran.push("cancelled-later"), 1);
    realScheduler.clearTimeout(cancelledNow);
    realScheduler.clearTimeout(cancelledLater);
    const done = new Promise<void>((resolve) => {
      realScheduler.setTimeout(() => {
        ran.push("now");
        resolve();
      }, 0);
    });
    ran.push("sync");
    await done;
    await new Promise<void>((resolve) => realScheduler.setTimeout(resolve, 5));
    expect(ran).toEqual(["sync", "now"]);
  });
});
