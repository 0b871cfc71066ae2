// Runs every browser test file (node:test, one file at a time) against the built site in
// KARTE_DIST (default ../../dist). `cargo xtask test` builds the sites and sets the variables.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const files = fs.readdirSync('.').filter((f) => f.endsWith('.test.mjs')).sort();
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...selected], { stdio: 'inherit' });
process.exit(r.status ?? 1);
