import { describe, expect, it } from "vitest";
import { type EventSession, loadSession, saveSession } from "./session";

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    map,
  };
}

const session: EventSession = {
  eventId: "ev1",
  token: "tok",
  participant: { id: "p1", name: "Ada", role: "participant", joinedAt: 1 },
  expiresAt: 2_000,
};

describe("session", () => {
  it("remembers a session per event until it expires", () => {
    const storage = memoryStorage();
    saveSession(session, storage);
    expect(loadSession("ev1", storage, 1_000)).toEqual(session);
    expect(loadSession("ev2", storage, 1_000)).toBeNull();
    expect(loadSession("ev1", storage, 2_000)).toBeNull();
  });

  it("ignores corrupt or foreign data", () => {
    const storage = memoryStorage();
    storage.setItem("tablecloth:session:ev1", "{not json");
    expect(loadSession("ev1", storage, 0)).toBeNull();
    storage.setItem("tablecloth:session:ev1", JSON.stringify({ token: 1 }));
    expect(loadSession("ev1", storage, 0)).toBeNull();
  });
});
