import {
  type BrowserContext,
  type BrowserContextOptions,
  test as base,
  expect,
  type Page,
} from "@playwright/test";
import { OriginGuard } from "./support/originGuard";
import { SERVER_URL_ENV } from "./support/paths";

export interface Person {
  context: BrowserContext;
  page: Page;
}

interface Fixtures {
  serverUrl: string;
  originGuard: OriginGuard;
  /**
   * A new person: their own browser context (own storage, own IndexedDB), watched for requests;
   * `device` sets what their screen is (e.g. a 360 × 740 touch phone).
   */
  newPerson: (device?: BrowserContextOptions) => Promise<Person>;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructured first parameter; this one has none.
  serverUrl: async ({}, use) => {
    const url = process.env[SERVER_URL_ENV];
    if (!url) throw new Error(`${SERVER_URL_ENV} is not set: run through playwright.config.ts`);
    await use(url);
  },
  baseURL: async ({ serverUrl }, use) => {
    await use(serverUrl);
  },
  originGuard: async ({ serverUrl }, use, testInfo) => {
    const guard = new OriginGuard(serverUrl);
    await use(guard);
    await testInfo.attach("requests.json", {
      body: JSON.stringify({ requests: guard.requests, violations: guard.violations }, null, 2),
      contentType: "application/json",
    });
    // Every test checks it: nothing any page did left the server's origin.
    expect(guard.requests.length, "pages made requests").toBeGreaterThan(0);
    expect(guard.violations, "requests that left the server's origin").toEqual([]);
  },
  newPerson: async ({ browser, serverUrl, originGuard }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (device = {}) => {
      const context = await browser.newContext({ ...device, baseURL: serverUrl });
      originGuard.watch(context);
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };
