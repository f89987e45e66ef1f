import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The end-to-end tests start kernels, nbconvert and Chromium: two cores, so one file at a time.
    fileParallelism: false,
  },
});
