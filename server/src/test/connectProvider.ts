import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { withTimeout } from "./waitFor";

export interface ProviderOptions {
  doc?: Y.Doc;
  token?: string;
  connect?: boolean;
}

/** The stock y-websocket client against our server, as a browser would open it. */
export function createProvider(
  baseUrl: string,
  docName: string,
  options: ProviderOptions = {},
): WebsocketProvider {
  const serverUrl = `${baseUrl.replace(/^http/, "ws")}/sync`;
  return new WebsocketProvider(serverUrl, docName, options.doc ?? new Y.Doc(), {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: options.token === undefined ? {} : { token: options.token },
    disableBc: true,
    connect: options.connect ?? true,
  });
}

/** Resolves when the provider reports `sync` true (at once if it already did). */
export function waitForSync(provider: WebsocketProvider, ms = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const onSync = (synced: boolean) => {
        if (!synced) return;
        provider.off("sync", onSync);
        resolve();
      };
      provider.on("sync", onSync);
    }),
    ms,
    `provider of ${provider.roomname} to sync`,
  );
}

/** Resolves with the code of the provider's terminal close (a 44xx code it will not retry). */
export function waitForFinalClose(provider: WebsocketProvider, ms = 10_000): Promise<number> {
  return withTimeout(
    new Promise<number>((resolve) => {
      provider.once("closed", (event: { code: number }) => resolve(event.code));
    }),
    ms,
    `provider of ${provider.roomname} to be closed for good`,
  );
}

/** Opens a provider and waits until it synced. */
export async function connectSynced(
  baseUrl: string,
  docName: string,
  options: ProviderOptions = {},
): Promise<WebsocketProvider> {
  const provider = createProvider(baseUrl, docName, options);
  try {
    await waitForSync(provider);
  } catch (error) {
    provider.destroy();
    throw error;
  }
  return provider;
}
