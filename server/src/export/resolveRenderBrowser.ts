import { existsSync } from "node:fs";

/** Where Debian-style systems keep Chromium; `auto` takes the first that exists. */
export const SYSTEM_CHROMIUM_PATHS: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
];

/**
 * The browser `TABLECLOTH_RENDER_BROWSER` names: `none` → none, `auto` → a system Chromium if
 * there is one, else the path given (which must exist). Null with the reason when there is none.
 */
export function resolveRenderBrowser(
  setting: string,
  exists: (path: string) => boolean = existsSync,
): { path: string } | { path: null; reason: string } {
  if (setting === "none") {
    return { path: null, reason: "rendering is off (TABLECLOTH_RENDER_BROWSER=none)" };
  }
  if (setting === "auto") {
    const found = SYSTEM_CHROMIUM_PATHS.find(exists);
    if (found) return { path: found };
    return {
      path: null,
      reason: `no Chromium on this server (looked for ${SYSTEM_CHROMIUM_PATHS.join(", ")}; set TABLECLOTH_RENDER_BROWSER)`,
    };
  }
  if (exists(setting)) return { path: setting };
  return { path: null, reason: `TABLECLOTH_RENDER_BROWSER is ${setting}, which does not exist` };
}
