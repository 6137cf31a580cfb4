import { describe, expect, it } from "vitest";
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from "y-protocols/awareness";
import * as Y from "yjs";
import {
  type AwarenessEntry,
  encodeAwarenessFrame,
  hasAwarenessNews,
  readAwarenessEntries,
} from "./awarenessEntries";
import { encodeAwarenessMessage } from "./encodeMessage";

describe("awareness entries", () => {
  it("tells news from echoes of known states", () => {
    const client = new Awareness(new Y.Doc());
    const server = new Awareness(new Y.Doc());
    server.setLocalState(null);
    client.setLocalState({ name: "A" });
    const news = (update: Uint8Array) => hasAwarenessNews(server, readAwarenessEntries(update));
    const first = encodeAwarenessUpdate(client, [client.clientID]);
    expect(news(first)).toBe(true);
    applyAwarenessUpdate(server, first, null);
    expect(news(first)).toBe(false);
    client.setLocalStateField("name", "B");
    expect(news(encodeAwarenessUpdate(client, [client.clientID]))).toBe(true);
    removeAwarenessStates(client, [client.clientID], null);
    expect(news(encodeAwarenessUpdate(client, [client.clientID]))).toBe(true);
    expect(() => readAwarenessEntries(new Uint8Array([3, 1]))).toThrow();
    client.destroy();
    server.destroy();
  });

  it("encodes frames byte-identical to y-protocols, with or without cached raw states", () => {
    const a = new Awareness(new Y.Doc());
    const b = new Awareness(new Y.Doc());
    const server = new Awareness(new Y.Doc());
    server.setLocalState(null);
    a.setLocalState({ cursor: { x: 1, y: 2 }, name: "Ä" });
    b.setLocalState({ name: "B" });
    const raw = new Map<number, AwarenessEntry>();
    for (const peer of [a, b]) {
      const update = encodeAwarenessUpdate(peer, [peer.clientID]);
      applyAwarenessUpdate(server, update, null);
      for (const entry of readAwarenessEntries(update)) raw.set(entry.clientId, entry);
    }
    removeAwarenessStates(server, [b.clientID], null);
    const clients = [a.clientID, b.clientID];
    const expected = encodeAwarenessMessage(encodeAwarenessUpdate(server, clients));
    expect(encodeAwarenessFrame(server, clients, raw)).toEqual(expected);
    expect(encodeAwarenessFrame(server, clients, new Map())).toEqual(expected);
    for (const peer of [a, b, server]) peer.destroy();
  });
});
