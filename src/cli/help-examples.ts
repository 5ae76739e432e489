/**
 * The "Examples:" block of `--help`, laid out for an 80-column terminal. yargs' own `.example()`
 * puts the command in a column at most 40 characters wide, so a real command line wraps in the
 * middle; here each example is a `# what it does` line and the command, whole, below it, ready to
 * copy. `$0` is replaced by yargs with the script name.
 */
import type { Argv } from 'yargs';

/** Help lines are at most this wide (yargs wraps at 80 columns or the terminal, if narrower). */
export const HELP_COLUMNS = 80;
const INDENT = '  ';
/** What `$0` becomes in the help text. */
const SCRIPT_NAME = 'irqstorm';

/** [command with `$0`, what it does]. */
export type HelpExample = readonly [command: string, what: string];

/** The block's text; throws if a line would not fit in HELP_COLUMNS (a test runs every builder). */
export function examplesText(examples: readonly HelpExample[]): string {
  const lines = ['Examples:'];
  for (const [command, what] of examples) lines.push(`${INDENT}# ${what}`, `${INDENT}${command}`);
  for (const line of lines) {
    const width = [...line.replace(/\$0/g, SCRIPT_NAME)].length;
    if (width > HELP_COLUMNS) throw new RangeError(`help example wider than ${HELP_COLUMNS} columns (${width}): ${line.trim()}`);
  }
  return lines.join('\n');
}

/** Adds the examples block to a command's help (yargs prints an epilogue after the options). */
export function withExamples<T>(y: Argv<T>, examples: readonly HelpExample[]): Argv<T> {
  return y.epilogue(examplesText(examples));
}
