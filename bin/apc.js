#!/usr/bin/env node
// apc's executable: runs the compiled CLI (npm install builds dist/ via `prepare`).
import("../dist/cli/main.js").catch((err) => {
  if (err && err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/cli/main.js")) {
    console.error("apc is not built yet: run `npm install` (or `npm run build`) in the apc folder first.");
    process.exit(2);
  }
  throw err;
});
