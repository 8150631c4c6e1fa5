#!/usr/bin/env node
// `npm run bench [name…]`: runs the benchmark scripts in bench/ (each also runs alone with
// `node --import tsx bench/<name>.bench.ts`), prints one table, and writes bench/results.json.
//
// Protocol: a benchmark prints whatever it likes, plus one line per figure:
//   BENCH {"bench":"store-growth","metric":"persist one refresh @10k","value":0.8,"unit":"ms","target":"…","met":true}
// Benchmarks send traffic to 127.0.0.1 only and stop by themselves.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const wanted = process.argv.slice(2);
const files = fs
  .readdirSync('bench')
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}. Available: ${fs.readdirSync('bench').filter((f) => f.includes('.bench.')).join(', ')}`);
  process.exit(2);
}

const figures = [];
const failures = [];
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DESK_VAULT_KEY_FILE: '1' },
  });
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('BENCH ')) figures.push(JSON.parse(line.slice(6)));
    else if (line.trim()) console.log(`  ${line}`);
  }
  if (run.status !== 0) failures.push(`${file} exited with ${run.status}`);
}

const rows = figures.map((f) => [f.bench, f.metric, `${format(f.value)} ${f.unit ?? ''}`.trim(), f.target ?? '', f.met === undefined ? '' : f.met ? 'met' : 'MISSED']);
const header = ['benchmark', 'figure', 'value', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const r of rows) console.log(line(r));

const machine = { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`, memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
const previous = fs.existsSync('bench/results.json') && wanted.length > 0 ? JSON.parse(fs.readFileSync('bench/results.json', 'utf8')).figures ?? [] : [];
const ran = new Set(figures.map((f) => f.bench));
const merged = [...previous.filter((f) => !ran.has(f.bench)), ...figures];
fs.writeFileSync('bench/results.json', JSON.stringify({ at: new Date().toISOString(), machine, figures: merged }, null, 2) + '\n');
console.log(`\nWrote bench/results.json (${merged.length} figures) on ${machine.cpus}, Node ${machine.node}.`);
if (failures.length) {
  console.error(`\nFailed: ${failures.join('; ')}`);
  process.exit(1);
}

function format(value) {
  if (typeof value !== 'number') return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
