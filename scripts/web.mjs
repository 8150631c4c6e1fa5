#!/usr/bin/env node
// `npm run web`: builds the app quietly (unless DESK_NO_BUILD=1), then serves browser mode on loopback.
// The build's own output is shown only when it fails (on stderr), so stdout carries the "running at" line.
import { spawnSync } from 'node:child_process';

if (process.env.DESK_NO_BUILD !== '1') {
  process.stderr.write('Building Integrations Desk…\n');
  const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'error'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (build.status !== 0) {
    process.stderr.write(build.stdout ?? '');
    process.stderr.write(build.stderr ?? '');
    console.error('The build failed; see the messages above.');
    process.exit(build.status ?? 1);
  }
  // `--logLevel error`: whatever is left to say is an error; warnings and the size table stay hidden.
  process.stderr.write(build.stderr ?? '');
}
await import('../out/main/web.js');
