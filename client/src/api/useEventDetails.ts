import type { EventDetailsResponse } from "@tablecloth/protocol";
import { useCallback, useEffect, useState } from "react";
import { loadEventDetails, saveEventDetails } from "../session";
import { ApiError } from "./ApiError";
import { api } from "./api";

export type EventDetailsState =
  | { status: "loading" }
  | { status: "loaded"; details: EventDetailsResponse; fromCache: boolean }
  | { status: "failed"; error: unknown };

/**
 * The event with its boards. When the server can't be reached, the last copy this device saw is
 * used, so a board opens from the offline cache.
 */
export function useEventDetails(eventId: string, token: string | null) {
  const [state, setState] = useState<EventDetailsState>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!token) return;
    let live = true;
    void generation;
    api.event(eventId, token).then(
      (details) => {
        saveEventDetails(details);
        if (live) setState({ status: "loaded", details, fromCache: false });
      },
      (error: unknown) => {
        const cached = error instanceof ApiError && error.code === "network";
        const details = cached ? loadEventDetails(eventId) : null;
        if (!live) return;
        if (details) setState({ status: "loaded", details, fromCache: true });
        else setState({ status: "failed", error });
      },
    );
    return () => {
      live = false;
    };
  }, [eventId, token, generation]);

  return { state, reload };
}
