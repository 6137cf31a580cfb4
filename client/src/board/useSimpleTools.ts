import { useCallback, useEffect, useState } from "react";

/** Where this device remembers the choice (a person's own device: no account needed). */
const STORAGE_KEY = "tablecloth:simple-tools";
/** Fired on `window` when the choice changes, so every board on the page follows at once. */
const CHANGE_EVENT = "tablecloth:simple-tools";

function read(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === "on";
  } catch {
    return false;
  }
}

/**
 * Simple tools for people new to whiteboards: a few tools with big targets instead of tldraw's
 * full toolbar. Remembered on this device; off until someone turns it on.
 */
export function useSimpleTools(): [boolean, (on: boolean) => void] {
  const [simple, setSimple] = useState(read);
  useEffect(() => {
    const follow = () => setSimple(read());
    window.addEventListener(CHANGE_EVENT, follow);
    return () => window.removeEventListener(CHANGE_EVENT, follow);
  }, []);
  const choose = useCallback((on: boolean) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
    } catch {
      // Private mode without storage: the choice holds for this page only.
    }
    setSimple(on);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);
  return [simple, choose];
}
