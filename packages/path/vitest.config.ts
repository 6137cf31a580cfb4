import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "path", include: ["src/**/*.test.ts"] },
});
