import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

const LOOPBACK_GUARD = path.resolve('scripts/loopback-only.cjs');

export interface RemoteFixture {
  issuer: string;
  client: { clientId: string; clientSecret: string };
  users: Array<{ email: string; password: string }>;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the Salesforce-shaped OIDC fixture in a process of its own, as a real provider would be: the
 * benchmark then measures the app's work, not the provider's sharing the app's event loop.
 * `users` > 2 generates that many users (each a distinct person, so each sign-in adds a connection).
 */
export async function startRemoteFixture(options: { users?: number } = {}): Promise<RemoteFixture> {
  const child = spawn(process.execPath, ['--require', LOOPBACK_GUARD, '--import', 'tsx', 'bench/support/oidc-fixture-process.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, FIXTURE_USERS: String(options.users ?? 0) },
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const info = JSON.parse(line) as Omit<RemoteFixture, 'child' | 'stop'>;
  return {
    ...info,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
