import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "controls", include: ["src/**/*.test.ts"] },
});
