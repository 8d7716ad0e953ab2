#!/usr/bin/env node
// The CLI runs from the compiled output; `npm install` builds it (root `prepare` script).
import('../dist/main.js').catch((err) => {
  process.stderr.write(`stackport: cannot start (${err?.message ?? err}). Run "npm install" (it builds the CLI).\n`);
  process.exit(1);
});
