import fs from 'node:fs';

/**
 * A file's or folder's change is only recognisable by its modification time if the next change gets a
 * later one. File systems stamp with a coarse clock (Linux: one scheduler tick, ≤ 10 ms), so a stamp is
 * taken only once the path has been unchanged for longer than that.
 */
export const QUIET_MS = 50;
/**
 * File systems that stamp whole seconds (FAT/exFAT, HFS+, some network shares) give a later write in
 * the same second the same time: there the path must have been quiet for longer than that.
 */
const COARSE_QUIET_MS = 2_000;

/** What a path's metadata says of its last change. */
export interface PathStamp {
  /** Changes with any write (replaced file: new inode; folder: an entry added, renamed or removed). */
  stamp: string;
  /** When it last changed (ms since the epoch). */
  changedAt: number;
  /** How long it must stay unchanged before `stamp` can be trusted to change with the next write. */
  quietMs: number;
}

/**
 * The stamp of a path (issue 15: documents that summarise others, such as the connection summaries and
 * the integrations list head, are trusted at start-up only if what they summarise still has the stamp
 * they were written with). Undefined when the path does not exist.
 */
export function pathStamp(target: string): PathStamp | undefined {
  try {
    const stat = fs.statSync(target, { bigint: true });
    // A stamp of whole seconds is taken for a coarse file system (a fine one lands there once in 10⁹).
    const quietMs = stat.mtimeNs % 1_000_000_000n === 0n ? COARSE_QUIET_MS : QUIET_MS;
    // The inode and size too: a file replaced by rename is a new inode, and a write that changed the
    // size is told apart even within one clock tick.
    return { stamp: `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`, changedAt: Number(stat.mtimeNs / 1_000_000n), quietMs };
  } catch {
    return undefined;
  }
}

/**
 * The path's stamp if it has been quiet long enough to be trusted ('none' when it does not exist), or
 * undefined when it changed too recently: the caller tries again later.
 *
 * "Recently" is either side of `now`: a path stamped later than the clock says (the clock was set
 * back) is trusted once the two are a quiet time apart, as the next write is stamped with the clock's
 * time, not the path's. Else the stamp would be refused until the clock caught up.
 */
export function quietStamp(target: string, now: number): string | undefined {
  const stat = pathStamp(target);
  if (!stat) return 'none';
  return Math.abs(now - stat.changedAt) < stat.quietMs ? undefined : stat.stamp;
}
