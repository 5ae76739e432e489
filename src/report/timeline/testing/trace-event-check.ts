/**
 * A checker of Chrome Trace Event Format files, for the tests: what each phase requires (the
 * format's document: "Trace Event Format", Google, and what Perfetto's JSON importer reads),
 * B/E matched per thread, every flow's start with one end (ends bound to an enclosing slice),
 * slices properly nested per thread (and, at equal start times, the outer written first), timestamps in µs with ns kept (three decimals), and
 * whether the file was complete JSON. Returns the problems found (empty: none).
 */

export interface TraceEvent {
  readonly name?: string;
  readonly cat?: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid?: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly id?: number;
  readonly s?: string;
  readonly bp?: string;
  readonly args?: Record<string, unknown>;
}

interface Slice {
  readonly ts: number;
  readonly end: number;
  readonly name: string;
}

const METADATA = new Set(['process_name', 'process_sort_index', 'thread_name', 'thread_sort_index']);
/** "ts":1234.567 / "dur":0.045 — µs with exactly three decimals (ns). */
const TIME_FIELD = /"(ts|dur)":(-?[0-9.eE+-]+)/g;
const NS_PRECISION = /^[0-9]+\.[0-9]{3}$/;

export function checkTraceEventFile(text: string): { events: TraceEvent[]; problems: string[] } {
  const problems: string[] = [];
  let doc: { traceEvents?: unknown };
  try {
    doc = JSON.parse(text) as { traceEvents?: unknown };
  } catch (err) {
    return { events: [], problems: [`not JSON: ${(err as Error).message}`] };
  }
  if (!Array.isArray(doc.traceEvents)) return { events: [], problems: ['no traceEvents array'] };
  const events = doc.traceEvents as TraceEvent[];
  for (const m of text.matchAll(TIME_FIELD)) if (!NS_PRECISION.test(m[2])) problems.push(`${m[1]} ${m[2]} is not µs with three decimals`);

  // Consumers sort by time, then file order: of two X slices starting together on a thread, the
  // outer must be written first (a zero-length one before is a sibling: it ends where the other starts).
  const firstAt = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const at = `${e.pid}/${e.tid}@${e.ts}`;
    const before = firstAt.get(at);
    if (before !== undefined && before > 0 && before < (e.dur ?? 0)) problems.push(`X ${e.name} @${e.ts} on ${e.pid}/${e.tid}: written after a shorter slice starting with it`);
    firstAt.set(at, Math.max(before ?? 0, e.dur ?? 0));
  }
  const slices = new Map<string, Slice[]>();
  const open = new Map<string, { ts: number; name: string }[]>();
  const instants = new Set<string>();
  const flowStarts = new Map<number, TraceEvent>();
  const flowEnds = new Map<number, TraceEvent>();
  const addSlice = (key: string, s: Slice): void => {
    let list = slices.get(key);
    if (list === undefined) slices.set(key, (list = []));
    list.push(s);
  };
  // B/E pairs are matched in time order per thread (file order at equal times, as consumers sort).
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => (a.e.ts ?? 0) - (b.e.ts ?? 0) || a.i - b.i);
  for (const { e } of ordered) {
    const where = `${e.ph} ${e.name ?? ''} @${e.ts ?? '-'}`;
    if (typeof e.ph !== 'string') problems.push(`an event without ph: ${JSON.stringify(e)}`);
    if (!Number.isInteger(e.pid)) problems.push(`${where}: no integer pid`);
    if (e.ph === 'M') {
      if (e.name === undefined || !METADATA.has(e.name)) problems.push(`${where}: unknown metadata`);
      if (e.args === undefined) problems.push(`${where}: metadata without args`);
      continue;
    }
    if (typeof e.ts !== 'number' || e.ts < 0) problems.push(`${where}: no ts`);
    const key = `${e.pid}/${e.tid}`;
    const ts = e.ts ?? 0;
    switch (e.ph) {
      case 'X':
        if (typeof e.name !== 'string' || !Number.isInteger(e.tid)) problems.push(`${where}: X needs name and tid`);
        if (typeof e.dur !== 'number' || e.dur < 0) problems.push(`${where}: X needs dur ≥ 0`);
        addSlice(key, { ts, end: ts + (e.dur ?? 0), name: e.name ?? '' });
        break;
      case 'B': {
        if (typeof e.name !== 'string' || !Number.isInteger(e.tid)) problems.push(`${where}: B needs name and tid`);
        let stack = open.get(key);
        if (stack === undefined) open.set(key, (stack = []));
        stack.push({ ts, name: e.name ?? '' });
        break;
      }
      case 'E': {
        const b = open.get(key)?.pop();
        if (b === undefined) problems.push(`${where}: E without a B on ${key}`);
        else addSlice(key, { ts: b.ts, end: ts, name: b.name });
        break;
      }
      case 'i':
        if (typeof e.name !== 'string' || !['t', 'p', 'g'].includes(e.s ?? 't')) problems.push(`${where}: instant needs name and scope t/p/g`);
        if ((e.s ?? 't') === 't') {
          if (!Number.isInteger(e.tid)) problems.push(`${where}: thread instant needs tid`);
          instants.add(`${key}@${ts}`);
        }
        break;
      case 'C':
        if (typeof e.name !== 'string' || e.args === undefined) problems.push(`${where}: counter needs name and args`);
        for (const v of Object.values(e.args ?? {})) if (typeof v !== 'number') problems.push(`${where}: counter value ${String(v)} not a number`);
        break;
      case 's':
      case 'f': {
        if (!Number.isInteger(e.id) || !Number.isInteger(e.tid) || typeof e.name !== 'string') problems.push(`${where}: flow needs id, tid and name`);
        const map = e.ph === 's' ? flowStarts : flowEnds;
        if (map.has(e.id ?? -1)) problems.push(`${where}: flow id ${e.id} used twice`);
        map.set(e.id ?? -1, e);
        break;
      }
      default:
        problems.push(`${where}: phase ${e.ph} not written by irqstorm`);
    }
  }
  for (const [key, stack] of open) if (stack.length > 0) problems.push(`${key}: ${stack.length} B without E`);
  for (const [id, s] of flowStarts) {
    const f = flowEnds.get(id);
    if (f === undefined) {
      problems.push(`flow ${id}: s without f`);
      continue;
    }
    if (f.name !== s.name || f.cat !== s.cat) problems.push(`flow ${id}: s and f differ in name or cat`);
    if ((f.ts ?? 0) < (s.ts ?? 0)) problems.push(`flow ${id}: f before s`);
    if (f.bp !== 'e') problems.push(`flow ${id}: f not bound to its enclosing slice`);
    if (!instants.has(`${s.pid}/${s.tid}@${s.ts}`)) problems.push(`flow ${id}: s has no instant to bind to on ${s.pid}/${s.tid} at ${s.ts}`);
    const bound = slices.get(`${f.pid}/${f.tid}`)?.some((x) => x.ts === f.ts);
    if (bound !== true) problems.push(`flow ${id}: f has no slice starting at ${f.ts} on ${f.pid}/${f.tid}`);
  }
  for (const id of flowEnds.keys()) if (!flowStarts.has(id)) problems.push(`flow ${id}: f without s`);
  for (const [key, list] of slices) problems.push(...nesting(key, list));
  return { events, problems };
}

/** Slices on one thread that overlap without one holding the other (µs compared to the ns). */
function nesting(key: string, list: Slice[]): string[] {
  const out: string[] = [];
  const ns = (us: number): number => Math.round(us * 1000);
  const sorted = [...list].sort((a, b) => a.ts - b.ts || b.end - a.end);
  const stack: Slice[] = [];
  for (const s of sorted) {
    while (stack.length > 0 && ns(stack[stack.length - 1].end) <= ns(s.ts)) stack.pop();
    const top = stack[stack.length - 1];
    if (top !== undefined && ns(s.end) > ns(top.end)) out.push(`${key}: ${s.name} [${s.ts}, ${s.end}] overlaps ${top.name} [${top.ts}, ${top.end}]`);
    stack.push(s);
  }
  return out;
}
