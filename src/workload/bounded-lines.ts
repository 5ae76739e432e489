/**
 * Lines of a byte stream with a bound on each line's length: a line longer than the bound is
 * cut (its first `maxChars + 1` bytes are kept, so the reader sees it is too long) and the rest
 * of it skipped, so a file of one 255 MiB line costs a few chunks of memory, not gigabytes.
 * Linear in the input. No kernel counterpart.
 */

/**
 * Yields each line of `chunks` without its '\n' (a trailing '\r' is kept; callers trim), decoded
 * as UTF-8, cut to `maxChars + 1` bytes when longer. A last line without '\n' is yielded too.
 */
export async function* boundedLines(chunks: AsyncIterable<Buffer | string>, maxChars: number): AsyncGenerator<string> {
  const keep = maxChars + 1;
  const parts: Buffer[] = [];
  let kept = 0;
  let any = false;
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let from = 0;
    while (from <= chunk.length) {
      const nl = chunk.indexOf(10, from);
      const to = nl < 0 ? chunk.length : nl;
      if (to > from) any = true;
      if (kept < keep && to > from) {
        const take = Math.min(to - from, keep - kept);
        parts.push(chunk.subarray(from, from + take));
        kept += take;
      }
      if (nl < 0) break;
      yield Buffer.concat(parts, kept).toString('utf8');
      parts.length = 0;
      kept = 0;
      any = false;
      from = nl + 1;
    }
  }
  if (any) yield Buffer.concat(parts, kept).toString('utf8');
}
