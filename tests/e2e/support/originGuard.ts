import type { BrowserContext, Page } from "@playwright/test";

/** Every request a browser context makes, to prove none leaves our server's origin. */
export class OriginGuard {
  readonly requests: string[] = [];
  readonly violations: string[] = [];

  constructor(private readonly origin: string) {}

  watch(context: BrowserContext): void {
    context.on("request", (request) => this.record(request.url()));
    context.on("page", (page) => this.watchPage(page));
    for (const page of context.pages()) this.watchPage(page);
  }

  private watchPage(page: Page): void {
    page.on("websocket", (socket) => this.record(socket.url()));
    page.on("console", (message) => {
      // A Content-Security-Policy refusal means something tried to leave our origin.
      if (/Content Security Policy/i.test(message.text())) this.violations.push(message.text());
    });
  }

  private record(url: string): void {
    this.requests.push(url);
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    const parsed = new URL(url);
    const expected = new URL(this.origin);
    const sameHost = parsed.host === expected.host;
    const sameScheme =
      parsed.protocol === expected.protocol ||
      (parsed.protocol === "ws:" && expected.protocol === "http:") ||
      (parsed.protocol === "wss:" && expected.protocol === "https:");
    if (!sameHost || !sameScheme) this.violations.push(url);
  }
}
