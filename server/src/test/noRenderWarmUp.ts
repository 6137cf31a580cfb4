/**
 * For tests that start the whole product: no render browser warmed up at start (the default
 * `TABLECLOTH_RENDER_WARM_UP=true` would launch a Chromium and render an A0 poster for every
 * test server on a 2-core machine). Exports still render, starting the browser themselves; the
 * warm-up's own tests turn it on.
 */
export const NO_RENDER_WARM_UP = { TABLECLOTH_RENDER_WARM_UP: "false" } as const;
