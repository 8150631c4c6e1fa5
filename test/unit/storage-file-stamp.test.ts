import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pathStamp, quietStamp } from '../../main/core/storage/file-stamp.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function freshFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-stamp-'));
  dirs.push(dir);
  const file = path.join(dir, 'doc.json');
  fs.writeFileSync(file, '{}');
  return file;
}

describe('quietStamp', () => {
  it("is 'none' for a path that does not exist", () => {
    expect(quietStamp(path.join(os.tmpdir(), 'desk-stamp-missing', 'nothing.json'), Date.now())).toBe('none');
  });

  it('waits while the path changed within its quiet time, then answers its stamp', () => {
    const file = freshFile();
    const stat = pathStamp(file)!;
    expect(quietStamp(file, stat.changedAt + stat.quietMs - 1)).toBeUndefined();
    expect(quietStamp(file, stat.changedAt + stat.quietMs)).toBe(stat.stamp);
  });

  it('answers the stamp of a path changed "in the future" (the clock was set back): a next write differs by more than a tick', () => {
    const file = freshFile();
    const stat = pathStamp(file)!;
    // An hour behind: as it stood, the stamp was refused until the clock caught up, and the documents
    // that wait for it (connection summaries, the list head) tried again every 50 ms for that hour.
    expect(quietStamp(file, stat.changedAt - 60 * 60_000)).toBe(stat.stamp);
    // Within a tick either side is still too recent to trust.
    expect(quietStamp(file, stat.changedAt - stat.quietMs + 1)).toBeUndefined();
  });

  it('changes with a rewrite that keeps size and time (a new inode)', () => {
    const file = freshFile();
    const before = pathStamp(file)!;
    const temp = `${file}.tmp`;
    fs.writeFileSync(temp, '{}');
    const at = new Date(before.changedAt);
    fs.utimesSync(temp, at, at);
    fs.renameSync(temp, file);
    expect(pathStamp(file)!.stamp).not.toBe(before.stamp);
  });
});
