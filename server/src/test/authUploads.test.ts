import { afterAll, beforeAll, expect, it } from "vitest";
import { createUploadRoutes } from "../uploads/createUploadRoutes";
import { type AuthTestServer, logHasNoTokens, startAuthTestServer } from "./authHarness";
import { makeTempDir, removeDir } from "./testServer";

let dataDir: string;
let t: AuthTestServer;
beforeAll(async () => {
  dataDir = await makeTempDir();
  t = await startAuthTestServer(dataDir, {}, (services) => [
    createUploadRoutes({
      dataDir,
      authorize: services.authorizeUpload,
      ledger: services.uploadLedger,
      quotas: {
        perEventBytes: services.config.uploadQuotaPerEventBytes,
        perParticipantBytes: services.config.uploadQuotaPerParticipantBytes,
      },
    }),
  ]);
});
afterAll(async () => {
  await t.server.close();
  expect(logHasNoTokens(t)).toBe(true);
  await removeDir(dataDir);
});

/** 1×1 transparent PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

async function upload(token?: string): Promise<number> {
  const response = await fetch(`${t.server.url}/api/uploads`, {
    method: "POST",
    body: PNG,
    headers: {
      "Content-Type": "image/png",
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
  });
  await response.arrayBuffer();
  return response.status;
}

it("uploads on the same auth: members who may write boards, not observers, removed people or strangers", async () => {
  const created = await t.api<{
    event: { id: string; joinCode: string };
    facilitatorToken: string;
  }>("/api/events", { method: "POST", json: { title: "Uploads", format: "world-cafe" } });
  const { event, facilitatorToken } = created.body;
  const join = async (role: "participant" | "observer") =>
    (
      await t.api<{ token: string; participant: { id: string } }>("/api/join", {
        method: "POST",
        json: { code: event.joinCode, name: role, role },
      })
    ).body;
  const participant = await join("participant");
  const observer = await join("observer");

  expect(await upload(facilitatorToken)).toBe(201);
  expect(await upload(participant.token)).toBe(201);
  expect(await upload(observer.token)).toBe(403);
  expect(await upload()).toBe(401);

  await t.api(`/api/events/${event.id}/participants/${participant.participant.id}`, {
    method: "DELETE",
    token: facilitatorToken,
  });
  expect(await upload(participant.token)).toBe(403);
});
