/**
 * The "Examples:" block of `--help`, laid out for an 80-column terminal. yargs' own `.example()`
 * puts the command in a column at most 40 characters wide, so a real command line wraps in the
 * middle of a word; here each example is a `# what it does` line and the command below it,
 * ready to copy: a command too long for one line continues on the next as a shell would read
 * it (` \` at the end, the rest indented). `$0` is replaced by yargs with the script name.
 */
import type { Argv } from 'yargs';

/** Help lines are at most this wide (yargs wraps at 80 columns or the terminal, if narrower). */
export const HELP_COLUMNS = 80;
const INDENT = '  ';
const CONTINUATION_INDENT = '    ';
/** What `$0` becomes in the help text. */
const SCRIPT_NAME = 'irqstorm';

/** [command with `$0`, what it does]. */
export type HelpExample = readonly [command: string, what: string];

const width = (line: string): number => [...line.replace(/\$0/g, SCRIPT_NAME)].length;

/** Words of a command, an option kept together with its value ("--vary a=b"). */
function tokens(command: string): string[] {
  const out: string[] = [];
  for (const word of command.split(' ')) {
    const last = out.length - 1;
    if (last >= 0 && out[last].startsWith('-') && !out[last].includes(' ') && !word.startsWith('-')) out[last] += ` ${word}`;
    else out.push(word);
  }
  return out;
}

/** The command as shell lines within HELP_COLUMNS, broken between tokens with a backslash. */
function commandLines(command: string): string[] {
  const words = tokens(command);
  const lines: string[] = [];
  let line = INDENT + words[0];
  for (let i = 1; i < words.length; i++) {
    // A token that is not the last must leave room for the backslash a break after it needs.
    const after = i < words.length - 1 ? ' \\' : '';
    if (width(`${line} ${words[i]}${after}`) > HELP_COLUMNS) {
      lines.push(`${line} \\`);
      line = CONTINUATION_INDENT + words[i];
    } else {
      line = `${line} ${words[i]}`;
    }
  }
  lines.push(line);
  return lines;
}

/** The block's text; throws if a line cannot fit in HELP_COLUMNS (a single token too long). */
export function examplesText(examples: readonly HelpExample[]): string {
  const lines = ['Examples:'];
  for (const [command, what] of examples) lines.push(`${INDENT}# ${what}`, ...commandLines(command));
  for (const line of lines) {
    if (width(line) > HELP_COLUMNS) throw new RangeError(`help example wider than ${HELP_COLUMNS} columns (${width(line)}): ${line.trim()}`);
  }
  return lines.join('\n');
}

/** Adds the examples block to a command's help (yargs prints an epilogue after the options). */
export function withExamples<T>(y: Argv<T>, examples: readonly HelpExample[]): Argv<T> {
  return y.epilogue(examplesText(examples));
}
