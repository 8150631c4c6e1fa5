#!/usr/bin/env node
/**
 * Prints the renderer's initial JavaScript, gzipped, from the production build in `out/renderer`.
 *
 * "Initial" is what the window must download before it can show anything: the entry scripts and the
 * module preloads that `index.html` names. Chunks loaded later (dynamic `import()`) are listed apart.
 * Exits with 1 when the initial size is over the budget (300 KB, issue 4), so CI can hold the line.
 *
 * Usage: npm run build && node scripts/bundle-size.mjs [--budget-kb 300]
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve('out/renderer');
const budgetArg = process.argv.indexOf('--budget-kb');
const budgetKb = budgetArg > -1 ? Number(process.argv[budgetArg + 1]) : 300;

const htmlPath = path.join(root, 'index.html');
if (!fs.existsSync(htmlPath)) {
  console.error('out/renderer/index.html is missing: run `npm run build` first.');
  process.exit(2);
}
const html = fs.readFileSync(htmlPath, 'utf8');

// Entry scripts and modulepreload links, with relative (./assets/…) or absolute (/assets/…) URLs.
const initial = new Set();
for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) initial.add(match[1]);
for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) initial.add(match[1]);
const toFile = (url) => path.join(root, url.replace(/^\.?\//, ''));

const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

// Static imports of the entry chunks are initial too (rolldown may split shared code out of the entry).
const queue = [...initial].map(toFile);
const initialFiles = new Set();
while (queue.length > 0) {
  const file = queue.pop();
  if (initialFiles.has(file) || !fs.existsSync(file)) continue;
  initialFiles.add(file);
  const source = fs.readFileSync(file, 'utf8');
  for (const m of source.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
    queue.push(path.join(path.dirname(file), m[1]));
  }
}

const allJs = fs
  .readdirSync(path.join(root, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => path.join(root, 'assets', f));

let initialRaw = 0;
let initialGz = 0;
console.log('Initial renderer JavaScript (loaded before first paint):');
for (const file of [...initialFiles].sort()) {
  const raw = fs.statSync(file).size;
  const gz = gzipSize(file);
  initialRaw += raw;
  initialGz += gz;
  console.log(`  ${path.relative(root, file).padEnd(40)} ${kb(raw).padStart(10)} raw  ${kb(gz).padStart(10)} gzip`);
}
const lazy = allJs.filter((f) => !initialFiles.has(f));
if (lazy.length > 0) {
  console.log('Loaded on demand:');
  for (const file of lazy.sort()) {
    console.log(`  ${path.relative(root, file).padEnd(40)} ${kb(fs.statSync(file).size).padStart(10)} raw  ${kb(gzipSize(file)).padStart(10)} gzip`);
  }
}
const css = fs.readdirSync(path.join(root, 'assets')).filter((f) => f.endsWith('.css'));
for (const f of css) console.log(`CSS ${f}: ${kb(gzipSize(path.join(root, 'assets', f)))} gzip`);

const over = initialGz > budgetKb * 1024;
console.log(`\nInitial JS: ${kb(initialGz)} gzipped (${kb(initialRaw)} raw); budget ${budgetKb} KB: ${over ? 'OVER BUDGET' : 'within budget'}`);
console.log(`BENCH ${JSON.stringify({ bench: 'ui', metric: 'initial renderer JS (gzip)', value: initialGz / 1024, unit: 'KB', target: `≤ ${budgetKb} KB`, met: !over })}`);
process.exit(over ? 1 : 0);
