import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../main/core/support/limiter.js';

describe('the refresh limiter', () => {
  it('never runs more than its maximum at once, and runs every task', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const task = (i: number) => limit(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, i % 3));
      active--;
      return i;
    });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => task(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('frees the slot of a task that failed', async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });
});
