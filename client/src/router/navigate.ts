/** Fired on `window` whenever the app changes the URL itself (pushState fires nothing). */
export const NAVIGATE_EVENT = "tablecloth:navigate";

/** Goes to `path` inside the app without reloading the page. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  window.scrollTo(0, 0);
}
