import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "tldraw-yjs", include: ["src/**/*.test.ts"] },
});
