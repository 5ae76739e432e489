/**
 * A file written while it is produced (trace.csv during the run; later the Perfetto timeline
 * and the ftrace text) with the atomic writer's guarantees: the bytes go to a temp name beside
 * the final one (the project's temp pattern), through one fixed buffer, so memory stays bounded
 * whatever the file's length; commit() flushes, syncs and renames it to its final name, after
 * the caller's guard has checked the folder once more; abort() removes it. Synchronous writes:
 * the producer is the simulation's own loop, which cannot await. No kernel counterpart.
 */
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, writeSync, fstatSync } from 'node:fs';
import { tempPathFor, trackTemp, untrackTemp } from './temp-files.js';

/** Bytes gathered before one write(2). */
export const STREAM_BUFFER_BYTES = 1 << 20;

/** Called before the temp is opened and again before the rename; throws to refuse. */
export type WriteGuard = () => void;

export class StreamedFile {
  readonly tempPath: string;
  #fd: number;
  #buf = Buffer.allocUnsafe(STREAM_BUFFER_BYTES);
  #used = 0;
  #bytes = 0;
  #state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(
    readonly path: string,
    readonly guard: WriteGuard = () => {},
  ) {
    guard();
    this.tempPath = tempPathFor(path);
    trackTemp(this.tempPath);
    // 'wx': O_CREAT | O_EXCL, which also refuses to follow a symlink planted at the temp name.
    this.#fd = openSync(this.tempPath, 'wx');
  }

  /** Bytes written so far (buffered included). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Appends `text` (UTF-8). */
  write(text: string): void {
    if (this.#state !== 'open') throw new Error(`${this.path}: written after it was ${this.#state}`);
    // PERF: a trace line fits the buffer whole (one Buffer.write); only a text longer than the
    // room left is cut, at 3 bytes per UTF-16 unit (UTF-8's most) and never inside a surrogate pair.
    let from = 0;
    while (from < text.length) {
      if (this.#buf.length - this.#used < 6) this.#flush();
      let to = Math.min(text.length, from + Math.floor((this.#buf.length - this.#used) / 3));
      const last = text.charCodeAt(to - 1);
      if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
      const n = this.#buf.write(from === 0 && to === text.length ? text : text.slice(from, to), this.#used, 'utf8');
      this.#used += n;
      this.#bytes += n;
      from = to;
    }
  }

  /** Appends raw bytes (an ASCII name made once, say). */
  writeBytes(bytes: Uint8Array): void {
    if (this.#state !== 'open') throw new Error(`${this.path}: written after it was ${this.#state}`);
    if (this.#buf.length - this.#used < bytes.length) this.#flush();
    if (bytes.length > this.#buf.length) {
      let off = 0;
      while (off < bytes.length) off += writeSync(this.#fd, bytes, off, bytes.length - off);
    } else {
      this.#buf.set(bytes, this.#used);
      this.#used += bytes.length;
    }
    this.#bytes += bytes.length;
  }

  /**
   * Appends a whole number (|n| < 2^53) in decimal, then the byte `end` (',' or '\n'), with no
   * string made: a trace row per event must not leave garbage per event.
   */
  writeInt(n: number, end: number): void {
    if (this.#buf.length - this.#used < 20) this.#flush();
    const buf = this.#buf;
    let at = this.#used;
    let x = n;
    if (x < 0) {
      buf[at++] = 45; // '-'
      x = -x;
    }
    let digits = 1;
    for (let y = x; y >= 10; y = Math.floor(y / 10)) digits++;
    // PERF: digits written from the right, by integer division on doubles (exact below 2^53).
    for (let i = at + digits - 1; i >= at; i--) {
      buf[i] = 48 + (x % 10);
      x = Math.floor(x / 10);
    }
    at += digits;
    buf[at++] = end;
    this.#bytes += at - this.#used;
    this.#used = at;
  }

  /** Flushes, syncs and renames to the final name (whole or not at all). */
  commit(): void {
    if (this.#state !== 'open') throw new Error(`${this.path}: commit after it was ${this.#state}`);
    try {
      this.#flush();
      fsyncSync(this.#fd);
      // The temp we wrote must still be the file at the temp name in the guarded folder.
      const ours = fstatSync(this.#fd);
      closeSync(this.#fd);
      this.#fd = -1;
      this.guard();
      const there = lstatSync(this.tempPath);
      if (there.ino !== ours.ino || there.dev !== ours.dev) throw new Error(`${this.tempPath} was replaced while it was written`);
      renameSync(this.tempPath, this.path);
      untrackTemp(this.tempPath);
      this.#state = 'committed';
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Closes and removes the temp; the final name is left as it was. Safe to call twice. */
  abort(): void {
    if (this.#state !== 'open') return;
    this.#state = 'aborted';
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
    rmSync(this.tempPath, { force: true });
    untrackTemp(this.tempPath);
  }

  #flush(): void {
    let off = 0;
    while (off < this.#used) off += writeSync(this.#fd, this.#buf, off, this.#used - off);
    this.#used = 0;
  }
}
