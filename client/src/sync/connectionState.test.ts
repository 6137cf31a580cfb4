import { describe, expect, it } from "vitest";
import { type ConnectionFacts, connectionState, initialConnectionFacts } from "./connectionState";

const facts = (patch: Partial<ConnectionFacts>): ConnectionFacts => ({
  ...initialConnectionFacts(true),
  ...patch,
});

describe("connectionState", () => {
  it("is connecting at first and online once the socket opens", () => {
    expect(connectionState(facts({}))).toEqual({ status: "connecting" });
    expect(connectionState(facts({ socket: "connected", everConnected: true }))).toEqual({
      status: "online",
      synced: false,
    });
    expect(connectionState(facts({ socket: "connected", synced: true }))).toEqual({
      status: "online",
      synced: true,
    });
  });

  it("says reconnecting after a lost connection, offline when the device has no network", () => {
    expect(connectionState(facts({ socket: "disconnected", everConnected: true }))).toEqual({
      status: "reconnecting",
    });
    expect(connectionState(facts({ socket: "connected", browserOnline: false }))).toEqual({
      status: "offline",
    });
  });

  it("explains a final refusal by its close code", () => {
    expect(connectionState(facts({ refusedCode: 4401 }))).toEqual({
      status: "refused",
      reason: "sign-in",
    });
    expect(connectionState(facts({ refusedCode: 4403 }))).toEqual({
      status: "refused",
      reason: "forbidden",
    });
    expect(connectionState(facts({ refusedCode: 4404 }))).toEqual({
      status: "refused",
      reason: "missing",
    });
  });
});
