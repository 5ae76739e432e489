/** `irqstorm list`: the workload library, one line each with the question it answers. */
import { readdir, readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { parseWorkloadText } from '../workload/parse.js';
import { CliError, EXIT_OK } from './exit-codes.js';
import { packageRoot } from './package-root.js';
import { withExamples } from './help-examples.js';

export interface ListArgs {
  /** Folder to list; undefined: the library shipped with this package. */
  dir?: string;
}

export function listBuilder(y: Argv): Argv<ListArgs> {
  return withExamples(y, [
    ['$0 list', 'the shipped workloads'],
    ['$0 list --dir my-workloads', 'your own folder'],
  ]).option('dir', { type: 'string', describe: 'folder of workload files (default: the shipped library)' }) as unknown as Argv<ListArgs>;
}

/** The shipped library: workloads/ in this package's root. */
function libraryDir(): string {
  const root = packageRoot();
  if (root === null) throw new CliError('cannot find the irqstorm package folder, so not its workloads/; name a folder with --dir');
  return join(root, 'workloads');
}

// A path the user can paste into `irqstorm run`: relative when it lies under the working directory.
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export async function listCommand(args: ListArgs): Promise<number> {
  const dir = args.dir === undefined ? libraryDir() : resolve(args.dir);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot list ${args.dir ?? dir}: ${code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : (err as Error).message}`);
  }
  const names = entries.filter((f) => ['.yaml', '.yml', '.json'].includes(extname(f)) && f !== 'schema.json').sort();
  const rows: [string, string][] = [];
  for (const name of names) {
    const path = shownPath(join(dir, name));
    let description = '';
    try {
      const raw: unknown = parseWorkloadText(await readFile(path, 'utf8'), path);
      if (raw === null || raw === undefined) description = '(empty file)';
      else if (typeof raw !== 'object' || Array.isArray(raw)) description = '(not a workload: expected a mapping at the top level)';
      else {
        const text = (raw as { description?: unknown }).description;
        description = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '(no description)';
      }
    } catch (err) {
      description = `(unreadable: ${(err as Error).message.split('\n')[0]})`;
    }
    rows.push([path, description]);
  }
  const width = Math.max(0, ...rows.map((r) => r[0].length));
  for (const [path, description] of rows) console.log(`${path.padEnd(width)}  ${description}`);
  return EXIT_OK;
}
