import { expect, test } from "./fixtures";
import {
  addTableThroughUi,
  createEventThroughUi,
  joinThroughUi,
  openBoardFromLobby,
  renderedShapeCount,
} from "./support/boardUi";
import type { BoardWindow } from "./support/editorGlobal";

/** A 2×2 PNG, red. */
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";

test("a picture added to a board goes through the upload endpoint, not into the doc", async ({
  newPerson,
  serverUrl,
}) => {
  const facilitator = await newPerson();
  const code = await createEventThroughUi(facilitator.page, "Photo wall");
  await addTableThroughUi(facilitator.page, "Pictures", "Show us your street");
  await openBoardFromLobby(facilitator.page, "Pictures");

  const uploadResponse = facilitator.page.waitForResponse(
    (res) => new URL(res.url()).pathname === "/api/uploads" && res.request().method() === "POST",
  );
  // The same path a dropped or pasted file takes: tldraw's external content handler, which asks
  // the board's asset store to upload it.
  await facilitator.page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const file = new File([bytes], "street.png", { type: "image/png" });
    const editor = (globalThis as BoardWindow).tableclothEditor as unknown as {
      putExternalContent(content: { type: "files"; files: File[]; point?: unknown }): Promise<void>;
    };
    await editor.putExternalContent({ type: "files", files: [file] });
  }, PNG_BASE64);
  const upload = await uploadResponse;
  expect(upload.status()).toBe(201);
  const { url, hash } = (await upload.json()) as { url: string; hash: string };
  expect(url).toBe(`/api/uploads/${hash}`);

  await expect.poll(() => renderedShapeCount(facilitator.page)).toBe(1);
  const srcs = await facilitator.page.evaluate(() => {
    const editor = (globalThis as BoardWindow).tableclothEditor as unknown as {
      getAssets(): { props: { src: string | null } }[];
    };
    return editor.getAssets().map((asset) => asset.props.src);
  });
  expect(srcs).toEqual([url]);

  // Observers are read-only everywhere: the upload endpoint refuses them too.
  const watcher = await newPerson();
  await joinThroughUi(watcher.page, code, "Projector", { observer: true });
  const storage = await watcher.context.storageState();
  const saved = storage.origins
    .flatMap((origin) => origin.localStorage)
    .find((item) => item.name.startsWith("tablecloth:session:"));
  const { token } = JSON.parse(saved?.value ?? "{}") as { token?: string };
  expect(token).toBeTruthy();
  const refused = (
    await fetch(`${serverUrl}/api/uploads`, {
      method: "POST",
      body: Buffer.from(PNG_BASE64, "base64"),
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "image/png" },
    })
  ).status;
  expect(refused).toBe(403);

  const served = await fetch(`${serverUrl}${url}`);
  expect(served.status).toBe(200);
  expect(served.headers.get("content-type")).toBe("image/png");
  expect(served.headers.get("x-content-type-options")).toBe("nosniff");
  expect(Buffer.from(await served.arrayBuffer()).toString("base64")).toBe(PNG_BASE64);
});
