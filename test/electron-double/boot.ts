/**
 * Runs the built Electron main process (`out/main/index.js`) in Node, over the Electron double.
 *
 * Started by the test harness as `node --import tsx boot.ts <main.js>` with the scenario in the
 * environment. The `electron` specifier resolves to `electron.ts`; the app's main module is imported
 * (its synchronous part runs), then Electron "finishes launching" and emits `ready`, as it does.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./resolve-hook.mjs', import.meta.url);
const { finishLaunching } = await import('./electron.js');
await import('./control.js');
const main = process.argv[2];
if (!main) throw new Error('usage: boot.ts <main.js>');
await import(pathToFileURL(main).href);
finishLaunching();
