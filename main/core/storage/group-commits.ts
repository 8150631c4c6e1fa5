/** Background work that waits for the group commits in progress (`writeTogether`) to end. */
let inProgress = 0;
let waiting: Array<() => void> = [];

/**
 * Runs `commit` as a group commit: work handed to `afterGroupCommits` meanwhile starts only once no
 * group commit is in progress, after the caller's continuation (a sign-in answers its page first).
 */
export async function asGroupCommit<T>(commit: () => Promise<T>): Promise<T> {
  inProgress += 1;
  try {
    return await commit();
  } finally {
    inProgress -= 1;
    if (inProgress === 0) release();
  }
}

/** Runs `task` soon (`setImmediate`), or once the group commits in progress have ended. */
export function afterGroupCommits(task: () => void): void {
  waiting.push(task);
  if (inProgress === 0 && waiting.length === 1) release();
}

function release(): void {
  if (waiting.length === 0) return;
  setImmediate(() => {
    const tasks = waiting;
    waiting = [];
    for (const task of tasks) task();
  });
}
