/** One figure of a benchmark, in the line protocol `scripts/bench.mjs` collects. */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit?: string;
  target?: string;
  met?: boolean;
}

export function report(figure: Figure): void {
  process.stdout.write(`BENCH ${JSON.stringify(figure)}\n`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Milliseconds taken by `fn`, with a high-resolution clock. */
export async function timed(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
