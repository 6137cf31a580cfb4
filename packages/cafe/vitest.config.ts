import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "cafe", include: ["src/**/*.test.ts"] },
});
