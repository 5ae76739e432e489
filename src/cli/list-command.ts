/** `irqstorm list`: the workload library, one line each with the question it answers. */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Argv } from 'yargs';
import { parseWorkloadText } from '../workload/parse.js';
import { EXIT_OK } from './exit-codes.js';

export interface ListArgs {
  dir: string;
}

export function listBuilder(y: Argv): Argv<ListArgs> {
  return y
    .option('dir', { type: 'string', default: 'workloads', describe: 'folder of workload files' })
    .example('$0 list', 'the shipped workloads') as unknown as Argv<ListArgs>;
}

export async function listCommand(args: ListArgs): Promise<number> {
  const names = (await readdir(args.dir)).filter((f) => ['.yaml', '.yml', '.json'].includes(extname(f)) && f !== 'schema.json').sort();
  const rows: [string, string][] = [];
  for (const name of names) {
    const path = join(args.dir, name);
    let description = '';
    try {
      const raw = parseWorkloadText(await readFile(path, 'utf8'), path) as { description?: unknown };
      description = typeof raw.description === 'string' ? raw.description.replace(/\s+/g, ' ').trim() : '(no description)';
    } catch (err) {
      description = `(unreadable: ${(err as Error).message.split('\n')[0]})`;
    }
    rows.push([path, description]);
  }
  const width = Math.max(0, ...rows.map((r) => r[0].length));
  for (const [path, description] of rows) console.log(`${path.padEnd(width)}  ${description}`);
  return EXIT_OK;
}
