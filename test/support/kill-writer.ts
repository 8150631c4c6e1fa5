import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');

export interface KillTiming {
  /** Share of rounds killed mid-stream (after the first acknowledged write); the rest during start-up. */
  midStream: number;
  /** Up to this many ms after the first acknowledgement. */
  midStreamMs: number;
  /** Start-up kills land between `startupMs[0]` and `startupMs[0] + startupMs[1]` ms after the spawn. */
  startupMs: [number, number];
}

/**
 * Runs a writer fixture (`test/fixtures/*-writer.ts`: it prints the sequence number of each write it
 * has made durable, one per line), SIGKILLs it at a random moment, and returns the last number it
 * acknowledged. The crash tests then check that everything acknowledged survived.
 */
export async function runAndKill(
  fixture: string,
  dataDir: string,
  timing: KillTiming = { midStream: 0.85, midStreamMs: 60, startupMs: [100, 400] },
): Promise<{ lastReported: number; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(repo, fixture), dataDir], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  let lastReported = 0;
  let stderr = '';
  let firstLine: () => void = () => {};
  const started = new Promise<void>((resolve) => (firstLine = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) lastReported = Number(line);
    if (lines.length > 0) firstLine();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = once(child, 'close');
  if (Math.random() < timing.midStream) {
    await Promise.race([started, closed]);
    await sleep(Math.random() * timing.midStreamMs);
  } else {
    await sleep(timing.startupMs[0] + Math.random() * timing.startupMs[1]);
  }
  child.kill('SIGKILL');
  await closed; // every byte the child wrote to stdout has been read by now
  return { lastReported, stderr };
}

/**
 * The writers' token check: for each of `keys` slots, the refresh token is at least the last write
 * acknowledged for that slot, and its access token comes from the same write (both land together).
 */
export function expectAcknowledgedTokens(
  vault: { get(namespace: string, key: string): string | undefined },
  namespace: string,
  keys: number,
  lastReported: number,
  label: string,
): void {
  for (let k = 0; k < keys; k += 1) {
    // The last acknowledged write of slot k: the highest seq ≤ lastReported with seq % keys === k.
    const acknowledged = lastReported - ((((lastReported - k) % keys) + keys) % keys);
    if (acknowledged <= 0) continue;
    const refresh = vault.get(namespace, `conn.k${k}.refresh`);
    const access = vault.get(namespace, `conn.k${k}.access`);
    expect(Number(refresh?.slice('refresh-'.length)), `${label}, key ${k}`).toBeGreaterThanOrEqual(acknowledged);
    expect(access?.slice('access-'.length)).toBe(refresh?.slice('refresh-'.length));
  }
}

/** How many kills each crash loop runs (`DESK_CRASH_ROUNDS`, default 12): bounded by count, not time. */
export const CRASH_ROUNDS = Math.max(1, Number(process.env.DESK_CRASH_ROUNDS ?? 12));

/**
 * The crash loops' common shape: run the writer and kill it `CRASH_ROUNDS` times; after each kill that
 * came after at least one acknowledged write, `check` looks at what survived. The writer must never
 * have had to recover a store, and some round must have acknowledged a write (else nothing was tested).
 */
export async function killRepeatedly(fixture: string, dataDir: string, check: (lastReported: number, label: string) => Promise<void> | void): Promise<void> {
  let highest = 0;
  for (let round = 1; round <= CRASH_ROUNDS; round += 1) {
    const { lastReported, stderr } = await runAndKill(fixture, dataDir);
    expect(stderr, `round ${round}: the writer had to recover a store`).not.toMatch(/recovered/);
    if (lastReported === 0) continue;
    highest = Math.max(highest, lastReported);
    await check(lastReported, `round ${round}`);
  }
  expect(highest).toBeGreaterThan(0);
}

/** A crash loop's time limit: a start-up allowance plus a few seconds per round. */
export const CRASH_LOOP_TIMEOUT_MS = 30_000 + CRASH_ROUNDS * 3_000;
