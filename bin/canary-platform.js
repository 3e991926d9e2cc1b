#!/usr/bin/env node
'use strict';
// The `canary-platform` command. In this repository (TypeScript sources and tsx present) it runs
// tools/cli/main.ts through tsx; in an installed package it runs the compiled build/tools/cli/main.js.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'tools', 'cli', 'main.ts');
const compiled = join(root, 'build', 'tools', 'cli', 'main.js');

function tsxApi() {
  try {
    return require.resolve('tsx/cjs/api', { paths: [root] });
  } catch {
    return undefined;
  }
}

let cli;
const tsx = existsSync(source) ? tsxApi() : undefined;
if (tsx !== undefined) {
  require(tsx).register();
  cli = require(source);
} else if (existsSync(compiled)) {
  cli = require(compiled);
} else {
  process.stderr.write('canary-platform: no CLI found: build it with `npm run build` (or install tsx to run the TypeScript sources)\n');
  process.exit(2);
}
if (typeof cli.exitOnClosedPipe === "function") cli.exitOnClosedPipe();
cli.runCli(process.argv).then((code) => {
  process.exitCode = code;
});
