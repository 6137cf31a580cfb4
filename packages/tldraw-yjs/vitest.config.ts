import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "tldraw-yjs",
    include: ["src/**/*.test.ts"],
    // Editor tests run real headless tldraw Editors, which need a DOM (jsdom needs no polyfills
    // for them in 5.4.2); the server entry's tests opt into `node` per file.
    environment: "jsdom",
  },
});
