import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "open-space", include: ["src/**/*.test.ts"] },
});
