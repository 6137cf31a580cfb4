import type { Plugin } from "vite";

/**
 * Nothing the app loads may leave our origin: tldraw's fonts, icons and translations are bundled,
 * uploads go to our server, and tldraw's licence ping and URL previews would be blocked here even
 * if something called them. `data:` and `blob:` are local (pasted images, exports). Styles must
 * allow inline ones: tldraw positions every shape with a `style` attribute.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

/** Adds the policy to the built `index.html` (not in dev: Vite's dev client injects inline code). */
export function contentSecurityPolicy(): Plugin {
  return {
    name: "tablecloth-content-security-policy",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler: () => [
        {
          tag: "meta",
          attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY },
          injectTo: "head-prepend",
        },
      ],
    },
  };
}
