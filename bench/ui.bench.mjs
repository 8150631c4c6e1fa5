// UI at scale (browser mode, Debian Chromium): the renderer's initial gzipped JS, then time to first rows
// and filter latency at 0 and 5,000 integrations. Builds the app first when out/ is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const run = (command, args) => spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] }).status ?? 1;
if (!fs.existsSync('out/renderer/index.html') && run('npx', ['electron-vite', 'build']) !== 0) process.exit(1);
const size = run(process.execPath, ['scripts/bundle-size.mjs']);
const ui = run(process.execPath, ['scripts/bench-ui.mjs']);
// A missed target is reported in the table, not as a crash of the benchmark.
process.exit(size > 1 || ui > 1 ? 1 : 0);
