#!/usr/bin/env node
/**
 * UI benchmark: the integrations list with 0 and 5,000 integrations, in Chromium, in browser mode.
 *
 * For each size it starts the built app (`out/main/web.js`) on a fresh profile whose `integrations.json`
 * is written beforehand in the store's own format (a seed that takes milliseconds, not 5,000 calls), then:
 *   - time to first rows: from the start of navigation (the document's time origin) to the first
 *     integration row (or, with none, the empty state) in the DOM, read by a MutationObserver
 *     installed before the page's scripts run; the first load (cold cache) and the median of all;
 *   - filter latency: from an `input` event in the search box to the DOM showing the filtered list,
 *     and to the next frame after it; several queries, each a few times;
 *   - typing: real key presses through Chromium, with the longest Event Timing entry (input delay +
 *     processing + presentation) over the run; Chromium only reports events of 16 ms or more.
 * Targets (issue 4, acceptance 5): rows within 1,500 ms of navigation, filtering under 50 ms.
 *
 * Usage: npm run build && node scripts/bench-ui.mjs [--sizes 0,5000] [--runs 5]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '0,5000').split(',').map(Number);
const RUNS = Number(arg('runs', '5'));
const TARGET_FIRST_ROWS_MS = 1500;
const TARGET_FILTER_MS = 50;

if (!fs.existsSync('out/main/web.js') || !fs.existsSync('out/renderer/index.html')) {
  console.error('Build first: npm run build');
  process.exit(2);
}

function findChromium() {
  const candidates = [process.env.DESK_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  try {
    const bundled = chromium.executablePath();
    if (bundled && fs.existsSync(bundled)) return bundled;
  } catch {
    // no bundled browser
  }
  throw new Error('No Chromium found: install one or set DESK_CHROMIUM.');
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `integrations.json` as the JSON store writes it: the document plus conf's `__internal__` version. */
function seedIntegrations(dataDir, count) {
  const now = Date.now();
  const integrations = Array.from({ length: count }, (_, i) => {
    const at = new Date(now - i * 60_000).toISOString();
    return {
      id: `int_bench${String(i).padStart(5, '0')}`,
      name: `${['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell'][i % 8]} Salesforce ${i}`,
      offeringId: i % 2 === 0 ? 'salesforce-production' : 'salesforce-sandbox',
      clientId: `3MVG9bench${i}`,
      scopes: ['api', 'refresh_token'],
      status: i % 3 === 0 ? 'configured' : 'draft',
      secretReplacedAt: at,
      createdAt: at,
      updatedAt: at,
    };
  });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const doc = { integrations, __internal__: { version: 1 } };
  fs.writeFileSync(path.join(dataDir, 'integrations.json'), JSON.stringify(doc, undefined, '\t'), { mode: 0o600 });
}

async function launchApp(count) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-ui-'));
  if (count > 0) seedIntegrations(dataDir, count);
  const child = spawn(process.execPath, ['out/main/web.js'], {
    env: {
      ...process.env,
      DESK_DATA_DIR: dataDir,
      DESK_WEB_PORT: '0',
      DESK_CALLBACK_PORT: String(await freePort()),
      DESK_API_PORT: String(await freePort()),
      DESK_VAULT_KEY_FILE: '1',
      DESK_NO_OPEN: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /Integrations Desk is running at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs in the page before its scripts: notes when the first row (or the empty state) appears. */
function installFirstContentProbe() {
  const seen = () => document.querySelector('[role="row"][data-index]') || document.querySelector('.empty-state');
  const observer = new MutationObserver(() => {
    if (window.__firstContentAt === undefined && seen()) {
      window.__firstContentAt = performance.now();
      window.__firstContentKind = document.querySelector('[role="row"][data-index]') ? 'rows' : 'empty state';
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  // Event Timing: the slowest input events (Chromium reports those of 16 ms or more).
  window.__slowEvents = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__slowEvents.push({ name: e.name, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    // Event Timing unavailable
  }
}

/** In the page: one search query, timed from the input event to the DOM update and the next frame. */
async function timedFilter(query) {
  const input = document.getElementById('integration-search');
  const status = document.querySelector('.result-count');
  const before = status.textContent;
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  let updatedAt;
  const updated = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (status.textContent !== before) {
        updatedAt = performance.now();
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
  });
  const start = performance.now();
  setValue.call(input, query);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await updated;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const framed = performance.now();
  return { dom: updatedAt - start, frame: framed - start, result: status.textContent };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

async function benchSize(browser, count) {
  const app = await launchApp(count);
  const report = { count };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(installFirstContentProbe);
    const page = await context.newPage();

    const firstContent = [];
    const wall = [];
    let kind = '';
    for (let run = 0; run < RUNS; run += 1) {
      const started = Date.now();
      await page.goto(app.url);
      await page.waitForFunction(() => window.__firstContentAt !== undefined, undefined, { timeout: 30_000 });
      wall.push(Date.now() - started);
      const probe = await page.evaluate(() => ({ at: window.__firstContentAt, kind: window.__firstContentKind }));
      firstContent.push(probe.at);
      kind = probe.kind;
    }
    // The first load is cold (empty HTTP cache, JavaScript compiled from scratch); the rest are warm.
    report.firstContent = {
      kind,
      cold: firstContent[0],
      median: median(firstContent),
      warmMedian: median(firstContent.slice(1)),
      max: Math.max(...firstContent),
      wallMedian: median(wall),
    };
    report.renderedRows = await page.locator('[role="row"][data-index]').count();

    if (count > 0) {
      // Each query changes the visible count; the list starts unfiltered.
      const queries = ['Acme', 'Acme Salesforce 4', 'Acme Salesforce 4992', 'no such integration', 'salesforce 1', ''];
      const samples = [];
      for (let round = 0; round < 5; round += 1) {
        for (const q of queries) samples.push({ q, ...(await page.evaluate(timedFilter, q)) });
      }
      const dom = samples.map((s) => s.dom);
      const frame = samples.map((s) => s.frame);
      report.filter = {
        samples: samples.length,
        domMedian: median(dom),
        domMax: Math.max(...dom),
        frameMedian: median(frame),
        frameP90: [...frame].sort((a, b) => a - b)[Math.floor(frame.length * 0.9)],
        frameMax: Math.max(...frame),
        byQuery: queries.map((q) => {
          const mine = samples.filter((s) => s.q === q);
          return { q, result: mine[0].result, dom: median(mine.map((s) => s.dom)), frame: median(mine.map((s) => s.frame)) };
        }),
      };

      // Real typing, key by key, through Chromium's input pipeline.
      await page.evaluate(() => (window.__slowEvents = []));
      const search = page.getByLabel('Search integrations by name');
      await search.fill('');
      const typingStart = Date.now();
      await search.pressSequentially('umbrella salesforce 12', { delay: 30 });
      await page.waitForFunction(() => document.querySelector('.result-count')?.textContent?.includes(' of '));
      const typingWall = Date.now() - typingStart;
      const slow = await page.evaluate(() => window.__slowEvents.filter((e) => ['keydown', 'keypress', 'keyup', 'input', 'beforeinput'].includes(e.name)));
      report.typing = { keys: 22, wallMs: typingWall, slowEvents: slow.length, worstEventMs: slow.length ? Math.max(...slow.map((e) => e.duration)) : undefined };
    }
    await context.close();
  } finally {
    await app.stop();
  }
  return report;
}

const browser = await chromium.launch({
  executablePath: findChromium(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
});
const reports = [];
try {
  for (const size of SIZES) reports.push(await benchSize(browser, size));
} finally {
  await browser.close();
}

const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`UI benchmark (Chromium ${browser.version()}, ${RUNS} loads per size, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${load})`);
console.log('Targets are judged on medians; max/p90 are shown because a busy machine produces outliers.');
for (const r of reports) {
  const f = r.firstContent;
  console.log(`\n${r.count.toLocaleString('en')} integrations`);
  console.log(
    `  first ${f.kind} after navigation start: cold ${ms(f.cold)}, warm median ${ms(f.warmMedian)}, median of all ${ms(f.median)}, max ${ms(f.max)}` +
      ` (Node's goto → visible median ${f.wallMedian} ms)  target ≤ ${TARGET_FIRST_ROWS_MS} ms: ${f.median <= TARGET_FIRST_ROWS_MS ? 'met' : 'MISSED'}`,
  );
  console.log(`  rows in the DOM: ${r.renderedRows} (virtualised)`);
  if (r.filter) {
    console.log(
      `  filter, input event → DOM updated: ${ms(r.filter.domMedian)} median, ${ms(r.filter.domMax)} max;` +
        ` → next frame: ${ms(r.filter.frameMedian)} median, ${ms(r.filter.frameP90)} p90, ${ms(r.filter.frameMax)} max` +
        ` (${r.filter.samples} samples)  target < ${TARGET_FILTER_MS} ms: ${r.filter.frameMedian < TARGET_FILTER_MS ? 'met' : 'MISSED'}`,
    );
    for (const q of r.filter.byQuery) console.log(`    ${JSON.stringify(q.q).padEnd(24)} → ${q.result.padEnd(20)} ${ms(q.dom).padStart(9)} DOM  ${ms(q.frame).padStart(9)} frame`);
    console.log(
      `  typing ${r.typing.keys} keys: ${r.typing.slowEvents === 0 ? 'no input event took 16 ms or more' : `${r.typing.slowEvents} key/input events ≥ 16 ms, worst ${ms(r.typing.worstEventMs)}`} (Event Timing: delay + handling + next paint)`,
    );
  } else {
    console.log('  filter: n/a (an empty profile shows the empty state, which has no search box)');
  }
}
// The figures again in `npm run bench`'s line protocol (scripts/bench.mjs).
const bench = (metric, value, unit, target, met) =>
  console.log(`BENCH ${JSON.stringify({ bench: 'ui', metric, value, unit, ...(target ? { target, met } : {}) })}`);
for (const r of reports) {
  const n = r.count.toLocaleString('en');
  bench(`first rows @${n} (median)`, r.firstContent.median, 'ms', `≤ ${TARGET_FIRST_ROWS_MS} ms`, r.firstContent.median <= TARGET_FIRST_ROWS_MS);
  bench(`first rows @${n} (cold)`, r.firstContent.cold, 'ms');
  if (r.filter) {
    bench(`filter @${n} (median, to next frame)`, r.filter.frameMedian, 'ms', `< ${TARGET_FILTER_MS} ms`, r.filter.frameMedian < TARGET_FILTER_MS);
    bench(`filter @${n} (p90, to next frame)`, r.filter.frameP90, 'ms');
  }
}
const missed = reports.some((r) => r.firstContent.median > TARGET_FIRST_ROWS_MS || (r.filter && r.filter.frameMedian >= TARGET_FILTER_MS));
process.exit(missed ? 1 : 0);
