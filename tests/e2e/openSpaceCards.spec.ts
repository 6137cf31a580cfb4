import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { joinThroughUi } from "./support/boardUi";
import { LAPTOP, PHONE } from "./support/devices";

async function createOpenSpace(page: Page, title: string): Promise<string> {
  await page.goto("/");
  await page.getByTestId("create-title").fill(title);
  await page.getByTestId("create-format-open-space").check();
  await page.getByTestId("create-name").fill("Fran the facilitator");
  await page.getByTestId("create-submit").click();
  await expect(page.getByTestId("event-title")).toHaveText(title);
  return (await page.getByTestId("event-join-code").textContent())?.trim() ?? "";
}

test("Open Space: a session's card has a QR code that brings someone new straight to that session", async ({
  newPerson,
}) => {
  test.setTimeout(180_000);
  const facilitator = await newPerson(LAPTOP);
  const f = facilitator.page;
  const code = await createOpenSpace(f, "Ageing well, in the hall");
  await f.getByTestId("open-open-space").click();
  await f.getByTestId("os-phase-marketplace").click();
  await f.getByTestId("os-grid-spaces").fill("2");
  await f.getByTestId("os-grid-slots").fill("1");
  await f.getByTestId("os-grid-make").click();
  await f.getByTestId("os-grid-save").click();
  await expect(f.getByTestId("os-cell")).toHaveCount(2);

  const convener = await newPerson(LAPTOP);
  const ann = convener.page;
  await joinThroughUi(ann, code, "Ann");
  await ann.getByTestId("open-open-space").click();
  await expect(ann.getByTestId("os-my-cards")).toHaveCount(0);
  await ann.getByTestId("os-post-here").first().click();
  await ann.getByTestId("os-post-title").fill("Buses after dark");
  await ann.getByTestId("os-post-submit").click();
  await expect(ann.getByTestId("os-post-form")).toHaveCount(0);

  let link = "";
  await test.step("the convener prints her own session's card", async () => {
    await ann.getByTestId("os-my-cards").click();
    await expect(ann.getByTestId("os-session-card")).toHaveCount(1);
    await expect(ann.getByTestId("os-session-card")).toContainText("Buses after dark");
    await expect(ann.getByTestId("os-session-card-qr")).toBeVisible();
    link = (await ann.getByTestId("os-session-card-link").getAttribute("href")) ?? "";
    expect(link).toMatch(/^\/j\/[A-Z0-9]{6}\?next=/);
  });

  await test.step("the facilitator prints every session's card", async () => {
    await f.getByTestId("os-open-cards").click();
    await expect(f.getByTestId("os-session-card")).toHaveCount(1);
    await expect(f.getByTestId("os-session-card-qr")).toBeVisible();
    expect(await f.getByTestId("os-session-card-link").getAttribute("href")).toBe(link);
  });

  await test.step("someone who has not joined scans it on a phone, types a name and is in that session", async () => {
    const newcomer = await newPerson(PHONE);
    const n = newcomer.page;
    await n.goto(link);
    await expect(n.getByTestId("join-code")).toHaveText(code);
    await n.getByTestId("join-name").fill("Nadia");
    await n.getByTestId("join-submit").click();
    await expect(n.getByTestId("os-room-title")).toHaveText("Buses after dark", {
      timeout: 30_000,
    });
    // The query is gone: a reload keeps her where she chose to be, not where the card said.
    expect(new URL(n.url()).search).toBe("");
    await f.goto(f.url().replace(/\/cards$/, ""));
    await f.getByTestId("os-tab-where").click();
    await expect(
      f.getByTestId("os-where-session").filter({ hasText: "Buses after dark" }),
    ).toContainText("Nadia");
  });

  await test.step("someone who convenes nothing has no card to print", async () => {
    const other = await newPerson(LAPTOP);
    await joinThroughUi(other.page, code, "Bob");
    await other.page.goto(f.url().replace(/\/open-space.*$/, "/open-space/cards"));
    await expect(other.page.getByText("You convene no session yet")).toBeVisible();
    await expect(other.page.getByTestId("os-session-card")).toHaveCount(0);
  });
});
