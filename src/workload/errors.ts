/**
 * Errors found in a workload: each issue names the file, the field path inside it
 * (`peers[2].arrival.rate`) and what was expected against what was got. No kernel counterpart;
 * this is the user-facing side of loading a scenario.
 */

/** Issues WorkloadError.format() lists before counting the rest. */
export const MAX_FORMATTED_ISSUES = 20;

/** One problem in a workload file or a `--set` override. */
export interface WorkloadIssue {
  /** The workload file's name as given to the loader, or "--set" for a malformed override. */
  readonly file: string;
  /** Field path such as `peers[2].arrival.rate`; "" for the file as a whole (syntax, size, type). */
  readonly path: string;
  /** What was expected and what was got, on one line. */
  readonly message: string;
}

/** A path segment: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Renders path segments the way a user writes them: `peers[2].arrival.rate`; odd keys quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** One issue as a line: `<file>: <path>: <message>`, or `<file>: <message>` for whole-file issues. */
export function formatIssue(issue: WorkloadIssue): string {
  return issue.path === '' ? `${issue.file}: ${issue.message}` : `${issue.file}: ${issue.path}: ${issue.message}`;
}

/** Thrown by the loader with every issue it found (not only the first). */
export class WorkloadError extends Error {
  override name = 'WorkloadError';
  readonly issues: readonly WorkloadIssue[];

  constructor(issues: readonly WorkloadIssue[]) {
    if (issues.length === 0) throw new RangeError('WorkloadError needs at least one issue');
    super(issues.slice(0, MAX_FORMATTED_ISSUES).map(formatIssue).join('\n'));
    this.issues = Object.freeze(issues.slice());
  }

  /**
   * One line per issue, `<file>: <path>: <message>`, in the order found; past `limit` issues
   * the rest are counted on one last line (a binary file has thousands).
   */
  format(limit = MAX_FORMATTED_ISSUES): string {
    const lines = this.issues.slice(0, limit).map(formatIssue);
    const more = this.issues.length - lines.length;
    if (more > 0) lines.push(`${this.issues[0].file}: … and ${more} more problem${more === 1 ? '' : 's'}`);
    return lines.join('\n');
  }
}
