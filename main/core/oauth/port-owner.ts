import fs from 'node:fs/promises';

export interface PortOwner {
  pid: number;
  command: string;
}

/** How long the /proc walk may take: a diagnostic must never delay the error it explains. */
const SEARCH_BUDGET_MS = 1500;

/**
 * Finds the process listening on a TCP port, where the operating system tells (Linux, same user).
 *
 * Reads the listening sockets' inodes from `/proc/net/tcp{,6}`, then looks for a process holding one of
 * them among `/proc/<pid>/fd`. Processes of other users cannot be inspected, and other systems have no
 * `/proc`: both simply give `undefined`, and the caller says the port is taken without naming anyone.
 */
export async function findPortOwner(port: number, procRoot = '/proc'): Promise<PortOwner | undefined> {
  if (process.platform !== 'linux') return undefined;
  const deadline = Date.now() + SEARCH_BUDGET_MS;
  try {
    const inodes = new Set<string>();
    for (const table of ['net/tcp', 'net/tcp6']) {
      const text = await fs.readFile(`${procRoot}/${table}`, 'utf8').catch(() => '');
      for (const inode of listeningInodes(text, port)) inodes.add(inode);
    }
    if (inodes.size === 0) return undefined;
    const pids = (await fs.readdir(procRoot)).filter((name) => /^\d+$/.test(name));
    for (const pid of pids) {
      if (Date.now() > deadline) return undefined;
      const fds = await fs.readdir(`${procRoot}/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        const target = await fs.readlink(`${procRoot}/${pid}/fd/${fd}`).catch(() => '');
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return { pid: Number(pid), command: await commandOf(procRoot, pid) };
      }
    }
  } catch {
    // Best effort only.
  }
  return undefined;
}

/**
 * The inodes of sockets listening on `port` in one `/proc/net/tcp` table.
 *
 * Lines read `sl local_address rem_address st … inode`, addresses as `HEXADDR:HEXPORT`, and state `0A`
 * is LISTEN.
 */
export function listeningInodes(table: string, port: number): string[] {
  const found: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const local = fields[1] ?? '';
    const state = fields[3];
    const inode = fields[9];
    const hexPort = local.slice(local.lastIndexOf(':') + 1);
    if (state === '0A' && parseInt(hexPort, 16) === port && inode && inode !== '0') found.push(inode);
  }
  return found;
}

async function commandOf(procRoot: string, pid: string): Promise<string> {
  const comm = await fs.readFile(`${procRoot}/${pid}/comm`, 'utf8').catch(() => '');
  const name = comm.trim();
  // Printable ASCII only: the name is shown in the UI and must not smuggle markup or control characters.
  return name.replace(/[^\x20-\x7E]/g, '?').slice(0, 64) || 'unknown process';
}
