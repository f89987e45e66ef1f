import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The end-to-end tests start kernels, nbconvert and Chromium: two cores, so one file at a time.
    fileParallelism: false,
    // `needlab run` signs executed notebooks into the Jupyter data dir: the tests sign into a temporary one, never the user's.
    env: { JUPYTER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "needlab-test-jupyter-data-")) },
  },
});
