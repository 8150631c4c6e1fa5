import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs `task` under V8's CPU profiler (this process) and writes the profile to `<tmp>/<name>.cpuprofile`
 * (open it in Chrome DevTools' Performance panel). The benchmarks use it when `BENCH_PROFILE` is set.
 */
export async function withCpuProfile<T>(name: string, task: () => Promise<T>): Promise<T> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await task();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    const file = path.join(os.tmpdir(), `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`CPU profile: ${file}`);
    session.disconnect();
  }
}
