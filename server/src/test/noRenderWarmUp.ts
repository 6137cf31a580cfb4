/**
 * For tests that start the whole product: no render browser warmed up at start, whatever the
 * default (`TABLECLOTH_RENDER_WARM_UP=true` launches a Chromium and renders an A0 poster for
 * every test server on a 2-core machine; an operator's environment may turn it on). Exports still
 * render, starting the browser themselves; the warm-up's own tests turn it on.
 */
export const NO_RENDER_WARM_UP = { TABLECLOTH_RENDER_WARM_UP: "false" } as const;
