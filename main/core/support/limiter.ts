/**
 * Runs at most `max` tasks at once; the rest wait their turn in arrival order.
 *
 * Used for token refreshes: when a thousand tokens fall due together, firing a thousand requests at the
 * provider at once trips its rate limits and our own request timeouts, so refreshes queue instead.
 */
export function createLimiter(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer cannot slip in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
