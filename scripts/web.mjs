#!/usr/bin/env node
// `npm run web`: builds the app (unless DESK_NO_BUILD=1), then serves browser mode on 127.0.0.1.
// Build output goes to stderr so that stdout carries the one "running at" line.
import { spawnSync } from 'node:child_process';

if (process.env.DESK_NO_BUILD !== '1') {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', process.stderr, process.stderr] });
  if (build.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(build.status ?? 1);
  }
}
await import('../out/main/web.js');
