#!/usr/bin/env node
"use strict";
const path = require("path");
const fs = require("fs");
const cli = path.join(__dirname, "..", "dist", "kernel", "cli.js");
if (!fs.existsSync(cli)) {
  process.stderr.write(
    "needlab: not built yet. Run `npm install` (it builds) or `npm run build` in " + path.dirname(__dirname) + "\n",
  );
  process.exit(2);
}
require(cli).main(process.argv);
