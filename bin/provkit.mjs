#!/usr/bin/env node
// `provkit` command: runs the CLI built to JavaScript (out/cli/cli.js, scripts/build-cli.mjs) on
// plain Node. In a checkout whose sources changed since the last build (or that has none yet), it
// rebuilds first and says so in one line on stderr.
import { ensureCliBuild } from '../scripts/build-cli.mjs';
import { pathToFileURL } from 'node:url';

const { main } = await import(pathToFileURL(await ensureCliBuild()).href);
process.exitCode = await main(process.argv.slice(2));
