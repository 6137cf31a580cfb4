import type { BoardHistoryResponse } from "@tablecloth/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import type { RunningServer } from "../TableclothServer";
import { tableclothExtensions } from "../tableclothExtensions";
import { NO_RENDER_WARM_UP } from "../test/noRenderWarmUp";
import { makeTempDir, removeDir, startTestServer } from "../test/testServer";
import { pathTestClient } from "./pathTestHarness";

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await makeTempDir();
  const { config } = loadConfig({ PORT: "0", DATA_DIR: dataDir }, []);
  server = await startTestServer({
    dataDir,
    extensions: tableclothExtensions(config, NO_RENDER_WARM_UP),
  });
});

afterAll(async () => {
  await server.close();
  await removeDir(dataDir);
});

const { api, createPlan } = pathTestClient(() => server.url);

describe("a PATH board's history", () => {
  it("carries the session's steps, revisits included, beside the (empty) rounds", async () => {
    const { eventId, plan, facilitator, step, join } = await createPlan();
    const history = `/api/events/${eventId}/boards/${plan.boardId}/history`;
    const before = await api<BoardHistoryResponse>(history, { token: facilitator.token });
    expect(before.status).toBe(200);
    expect(before.body.steps).toEqual([]);

    const times: number[] = [];
    for (const s of ["north-star", "goal", "north-star", "goal", "now"]) {
      const p = await step(s);
      times.push(p.progress.since ?? 0);
    }
    const answer = await api<BoardHistoryResponse>(history, { token: facilitator.token });
    expect(answer.body.rounds).toEqual([]);
    expect(answer.body.steps.map((s) => [s.visit, s.step, s.number, s.revisit])).toEqual([
      [1, "north-star", 1, false],
      [2, "goal", 2, false],
      [3, "north-star", 1, true],
      [4, "goal", 2, true],
      [5, "now", 3, false],
    ]);
    expect(answer.body.steps.map((s) => s.startedAt)).toEqual(times);
    expect(answer.body.steps.map((s) => s.endedAt)).toEqual([...times.slice(1), null]);

    // Facilitators only, like the rest of the history.
    const pat = await join("Pat");
    expect((await api(history, { token: pat.token })).status).toBe(403);
  });
});
