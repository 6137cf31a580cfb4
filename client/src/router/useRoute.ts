import { useSyncExternalStore } from "react";
import { matchRoute, type Route } from "./matchRoute";
import { NAVIGATE_EVENT } from "./navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const getPathname = () => window.location.pathname;

/** The current route, following back/forward and in-app navigation. */
export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, getPathname);
  return matchRoute(pathname);
}
