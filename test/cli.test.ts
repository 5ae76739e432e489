/**
 * The CLI end to end, as a user runs it (the compiled bin; `npm test` builds first): the same
 * workload and seed give byte-identical CSV files, a bad workload exits 2 naming file and field
 * before simulating, and run directories land inside --out.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDirFiles } from './run-dir-files.js';

const BIN = new URL('../bin/irqstorm.js', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  // A hang (the bug some of these tests guard against) fails the test instead of the suite.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('irqstorm run', () => {
  it('writes byte-identical CSV files for the same workload and seed, and run.json last', () => {
    const outs = [mkdtempSync(join(tmpdir(), 'irqstorm-cli-a-')), mkdtempSync(join(tmpdir(), 'irqstorm-cli-b-'))];
    for (const out of outs) {
      const r = run(['run', 'workloads/default-storm.yaml', '--set', 'duration=3ms', '--set', 'warmup=0', '--out', out, '--quiet']);
      expect(r.status).toBe(0);
    }
    const [dirA] = readdirSync(outs[0]);
    const [dirB] = readdirSync(outs[1]);
    expect(dirA).toBe(dirB); // <workload>-<seed>-<hash of the resolved workload>
    const files = readdirSync(join(outs[0], dirA)).sort();
    expect(files).toEqual(runDirFiles({ trace: false }));
    for (const f of files) {
      if (f === 'run.json') continue; // holds the wall time of the run
      expect(readFileSync(join(outs[1], dirB, f)), f).toEqual(readFileSync(join(outs[0], dirA, f)));
    }
    const info = JSON.parse(readFileSync(join(outs[0], dirA, 'run.json'), 'utf8')) as { seed: number; interrupted: boolean };
    expect(info.seed).toBe(1);
    expect(info.interrupted).toBe(false);
  });

  it('gives another seed another run directory and other numbers', () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-seed-'));
    for (const seed of ['1', '2']) {
      expect(run(['run', 'workloads/default-storm.yaml', '--set', 'duration=3ms', '--set', 'warmup=0', '--seed', seed, '--out', out, '--quiet']).status).toBe(0);
    }
    const dirs = readdirSync(out).sort();
    expect(dirs).toHaveLength(2);
    expect(readFileSync(join(out, dirs[0], 'summary.csv'))).not.toEqual(readFileSync(join(out, dirs[1], 'summary.csv')));
  });
});

describe('irqstorm run --timeline', () => {
  it('writes timeline.json and trace.txt beside the other files; a rerun without it removes them', () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-timeline-'));
    const base = ['run', 'workloads/default-storm.yaml', '--set', 'duration=2ms', '--set', 'warmup=0', '--out', out, '--quiet'];
    const r = run([...base, '--timeline', '--timeline-from', '500us']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [dir] = readdirSync(out);
    expect(readdirSync(join(out, dir)).sort()).toEqual(runDirFiles({ trace: false, timeline: true }));
    const timeline = JSON.parse(readFileSync(join(out, dir, 'timeline.json'), 'utf8')) as { traceEvents: { ph: string; ts?: number }[] };
    const times = timeline.traceEvents.filter((e) => e.ph !== 'M').map((e) => e.ts ?? -1);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(500);
    expect((JSON.parse(readFileSync(join(out, dir, 'run.json'), 'utf8')) as { timeline: unknown }).timeline).toEqual({ fromNs: 500_000, toNs: 2_000_000 });
    expect(readFileSync(join(out, dir, 'trace.txt'), 'utf8')).toMatch(/^# tracer: nop\n[^]*\[00\d\] d\.h1\. +0\.000\d{3}: irq_handler_entry: irq=\d+ name=/);
    expect(run(base).status).toBe(0);
    expect(readdirSync(join(out, dir)).sort()).toEqual(runDirFiles({ trace: false }));
    expect((JSON.parse(readFileSync(join(out, dir, 'run.json'), 'utf8')) as { timeline: unknown }).timeline).toBeNull();
  });

  it('refuses a window outside the run before anything is written (exit 2, naming the option)', () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-timeline-bad-'));
    const r = run(['run', 'workloads/default-storm.yaml', '--set', 'duration=2ms', '--set', 'warmup=0', '--out', out, '--timeline-from', '3ms']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--timeline-from: 3ms is not inside the run, which lasts 2ms/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('Ctrl-C', () => {
  it('stops the run, says where, and still writes whole files with run.json marked interrupted', async () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-int-'));
    const child = spawn(process.execPath, [BIN, 'run', 'workloads/default-storm.yaml', '--set', 'duration=60s', '--set', 'statsInterval=10ms', '--out', out], {
      cwd: ROOT,
    });
    let stderr = '';
    const status = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The estimate line comes just before the run starts; interrupt a moment into it.
        if (stderr.includes('irqstorm: about') && !child.killed) setTimeout(() => child.kill('SIGINT'), 500);
      });
      child.on('exit', (code) => resolve(code));
    });
    expect(status).toBe(0);
    expect(stderr).toMatch(/interrupted at [0-9.]+ ?m?s of 60s; writing what was simulated/);
    const [dir] = readdirSync(out);
    const info = JSON.parse(readFileSync(join(out, dir, 'run.json'), 'utf8')) as { interrupted: boolean; simulatedNs: number };
    expect(info.interrupted).toBe(true);
    expect(info.simulatedNs).toBeGreaterThan(0);
    expect(info.simulatedNs).toBeLessThan(60e9);
    const summary = readFileSync(join(out, dir, 'summary.csv'), 'utf8');
    expect(summary.split('\n')[0]).toBe('scope,id,metric,value,unit');
    expect(summary).toContain(`run,,simulated_ns,${info.simulatedNs},ns`);
    expect(summary).toContain('run,,duration_ns,60000000000,ns');
    // The series ends where the run did, not with zeros up to the planned duration.
    const starts = readFileSync(join(out, dir, 'series.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    expect(Math.max(...starts)).toBeLessThan(info.simulatedNs);
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(info.simulatedNs - 10_000_000);
  }, 60_000);
});

describe('a rerun into the same run directory', () => {
  it('without --trace removes the earlier trace.csv, and run.json says whether it wrote one', () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-rerun-'));
    const base = ['run', 'workloads/mm1.yaml', '--set', 'duration=2ms', '--set', 'warmup=0', '--out', out, '--quiet'];
    expect(run([...base, '--trace']).status).toBe(0);
    const [dir] = readdirSync(out);
    const files = (): string[] => readdirSync(join(out, dir)).sort();
    const traced = (): boolean => (JSON.parse(readFileSync(join(out, dir, 'run.json'), 'utf8')) as { traceWritten: boolean }).traceWritten;
    expect(files()).toContain('trace.csv');
    expect(traced()).toBe(true);
    expect(run(base).status).toBe(0);
    expect(readdirSync(out)).toEqual([dir]);
    expect(files()).not.toContain('trace.csv');
    expect(traced()).toBe(false);
  });
});

describe('bad input', () => {
  it('exits 2 before simulating, naming the file, the field and what was expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-cli-bad-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'description: broken\nduration: 1s\npeers:\n  - name: p\n    mechansim: msi\n    arrival: { type: poisson, rate: -5 }\n');
    const r = run(['run', file, '--out', dir, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}: peers[0].arrival.rate: must be greater than 0, got -5`);
    expect(r.stderr).toContain(`${file}: peers[0].mechansim: unknown key; did you mean "mechanism"?`);
    expect(readdirSync(dir)).toEqual(['bad.yaml']); // nothing was written
  });

  it('names the field of an arrival process the traffic layer refuses, and refuses a series too big for memory', () => {
    const mmpp = run([
      'validate',
      'workloads/mm1.yaml',
      '--set',
      'peers[0].arrival={type: mmpp, states: [{rate: 10, meanSojourn: 1ms}, {rate: 100, meanSojourn: 1ms}], transitions: [[1, 0], [0, 1]]}',
    ]);
    expect(mmpp.status).toBe(2);
    // The schema runs the traffic layer's rules, so the value is blamed on the --set that gave it.
    expect(mmpp.stderr.trim()).toMatch(
      /^irqstorm: workloads\/mm1\.yaml: peers\[0\]\.arrival\.transitions: state 0 can never reach state 1; every state must be reachable from every other \(an irreducible chain\) \(value from --set peers\[0\]\.arrival=\{type: mmpp, /,
    );
    const series = run(['validate', 'workloads/mm1.yaml', '--set', 'statsInterval=1us', '--set', 'machine.cpus=64', '--set', 'duration=1s']);
    expect(series.status).toBe(2);
    expect(series.stderr).toMatch(/the time series is most of it \(70\.00 M points\): raise statsInterval/);
  });

  it('a model limit hit mid-run is a plain message and exit 1, with no files written', () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-limit-'));
    const r = run([
      'run',
      'workloads/mm1.yaml',
      '--set',
      'duration=5ms',
      '--set',
      'warmup=0',
      '--set',
      'peers[0].itemWork={type: pareto, scale: 1000, shape: 0.05}',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^irqstorm: workloads\/mm1\.yaml: the run failed: event time is .* past the clock's limit/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('reads a trace only inside the workload folder tree unless --allow-outside, naming the field', () => {
    const top = mkdtempSync(join(tmpdir(), 'irqstorm-cli-trace-'));
    mkdirSync(join(top, 'w'));
    writeFileSync(join(top, 'outside.csv'), '0\n100\n');
    const file = join(top, 'w', 't.yaml');
    writeFileSync(file, 'description: t\nduration: 1ms\npeers:\n  - name: p\n    arrival: { type: trace, file: ../outside.csv }\n');
    const refused = run(['validate', file]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `irqstorm: ${file}: peers[0].arrival.file: trace file "../outside.csv" resolves to ${join(top, 'outside.csv')}, outside the workload's folder ${join(top, 'w')}; keep traces in the workload's folder tree or pass --allow-outside`,
    );
    expect(run(['validate', file, '--allow-outside']).status).toBe(0);
    // compare (and sweep, through the same reader) keep the same rule and take the same flag.
    const out = join(top, 'out');
    const compare = (more: string[]) => run(['compare', file, '--vary', 'machine.cpus=1,2', '--seeds', '2', '--jobs', '1', '--out', out, '--store', join(top, 'store'), '--quiet', ...more]);
    const refusedCompare = compare([]);
    expect(refusedCompare.status).toBe(2);
    expect(refusedCompare.stderr).toContain(`outside the workload's folder ${join(top, 'w')}; keep traces in the workload's folder tree or pass --allow-outside`);
    expect(existsSync(out)).toBe(false);
    expect(compare(['--allow-outside']).status).toBe(0);
  });

  it('refuses a run estimated past an hour without --yes when it cannot ask', () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-long-'));
    const r = run(['run', 'workloads/doorbell-vs-msi.yaml', '--set', 'duration=20000s', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/irqstorm: workloads\/doorbell-vs-msi\.yaml: this run is estimated at about [0-9.]+ h of wall time, over an hour; pass --yes to run it anyway, or shorten duration/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('names a field for a machine that cannot be built (one peer past the vector space)', () => {
    const r = run(['validate', 'workloads/vector-exhaustion.yaml', '--set', 'peers[0].count=201']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^irqstorm: workloads\/vector-exhaustion\.yaml: peers: request_irq\(peer200\/q[01]\) failed with -ENOSPC: vector space exhausted \(2 CPUs × 202 vectors\); request fewer irqs \(peers' queues or count\) or give machine\.cpus more CPUs$/,
    );
  });

  it('validate accepts every workload in the library', () => {
    const files = readdirSync(join(ROOT, 'workloads')).filter((f) => f.endsWith('.yaml'));
    for (const f of files) {
      const out = execFileSync(process.execPath, [BIN, 'validate', join('workloads', f)], { cwd: ROOT, encoding: 'utf8' });
      expect(out).toContain(': valid: ');
    }
  });
});

describe('warnings', () => {
  it('validate and run warn on stderr when --set duration cuts a ramp short, and still run (exit 0)', () => {
    const v = run(['validate', 'workloads/doorbell-vs-msi.yaml', '--set', 'duration=20ms']);
    expect(v.status).toBe(0);
    expect(v.stderr).toContain(
      'irqstorm: warning: workloads/doorbell-vs-msi.yaml: peers[0].arrival: the ramp from 10,000 Hz to 400,000 Hz over 200ms is cut short by duration 20ms (from --set duration=20ms)',
    );
    expect(v.stderr.match(/warning/g)).toHaveLength(2); // peers[0] and peers[1]
    expect(run(['validate', 'workloads/doorbell-vs-msi.yaml']).stderr).not.toContain('warning');
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-warn-'));
    const r = run(['run', 'workloads/doorbell-vs-msi.yaml', '--set', 'duration=6ms', '--out', out, '--no-progress']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('the run ends at 21,700 Hz, 3 % of the way'); // 10,000 + 390,000 × 6/200
    expect(run(['run', 'workloads/doorbell-vs-msi.yaml', '--set', 'duration=6ms', '--out', out, '--quiet']).stderr).toBe('');
  });
});

describe('irqstorm list', () => {
  it('finds the shipped library from any working directory', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'irqstorm-cli-list-'));
    const r = spawnSync(process.execPath, [BIN, 'list'], { cwd: elsewhere, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const shipped = readdirSync(join(ROOT, 'workloads')).filter((f) => f.endsWith('.yaml'));
    expect(lines).toHaveLength(shipped.length);
    // Outside the package the paths are absolute, so they can be pasted into `irqstorm run`.
    expect(lines[0].startsWith(join(ROOT, 'workloads', [...shipped].sort()[0]))).toBe(true);
  });

  it('shows library paths relative to the package root when run there', () => {
    const r = run(['list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^workloads\/default-storm\.yaml +How does a 4-CPU host/m);
  });

  it('exits 2 with a plain message for a folder that does not exist', () => {
    const r = run(['list', '--dir', 'no-such-folder']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('irqstorm: cannot list no-such-folder: no such folder');
  });
});

describe('--out', () => {
  it('exits 2 before simulating when the folder cannot be made or written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-cli-out-'));
    const file = join(dir, 'afile');
    writeFileSync(file, 'x');
    const base = ['run', 'workloads/mm1.yaml', '--set', 'duration=2ms', '--set', 'warmup=0', '--quiet'];
    const asFile = run([...base, '--out', file]);
    expect(asFile.status).toBe(2);
    expect(asFile.stderr.trim()).toBe(`irqstorm: --out ${file}: cannot create the folder ${file}: a file is in the way (not a folder)`);
    const under = run([...base, '--out', join(file, 'sub')]);
    expect(under.status).toBe(2);
    expect(under.stderr).toMatch(/cannot create the folder .*afile\/sub: a file is in the way/);
    const empty = run([...base, '--out', '']);
    expect(empty.status).toBe(2);
    expect(empty.stderr.trim()).toBe('irqstorm: --out: name a folder (got an empty path)');
    expect(readdirSync(dir)).toEqual(['afile']); // nothing written
  });

  // Regression: Node's recursive mkdir spins forever where a folder exists but refuses new ones.
  it('exits 2 at once for a folder /proc will not create (Linux)', () => {
    const r = run(['run', 'workloads/mm1.yaml', '--set', 'duration=2ms', '--set', 'warmup=0', '--quiet', '--out', '/proc/self/irqstorm-runs']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'irqstorm: --out /proc/self/irqstorm-runs: cannot create the folder /proc/self/irqstorm-runs: this file system does not take new folders there',
    );
  });
});

describe('run.json', () => {
  it("stamps irqstorm's own commit, also when run from inside another repository", () => {
    const other = mkdtempSync(join(tmpdir(), 'irqstorm-cli-repo-'));
    execFileSync('git', ['init', '-q', other]);
    const out = join(other, 'runs');
    const r = spawnSync(process.execPath, [BIN, 'run', join(ROOT, 'workloads/mm1.yaml'), '--set', 'duration=2ms', '--set', 'warmup=0', '--out', out, '--quiet'], {
      cwd: other,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const [dir] = readdirSync(out);
    const info = JSON.parse(readFileSync(join(out, dir, 'run.json'), 'utf8')) as { commit: string };
    const ours = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    expect(info.commit).toBe(ours);
  });
});

describe('seeing inside a run', () => {
  it('writes interrupts.txt and irq-debugfs.txt, prints the views asked for, and series for the irqs named', () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-show-'));
    const args = ['run', 'workloads/affinity-move-no-remap.yaml', '--out', out, '--show', 'interrupts', '--show', 'affinity', '--by', 'irq', '--series', 'peer0/q0'];
    const r = run(args);
    expect(r.status).toBe(0);
    const [dir] = readdirSync(out);
    const interrupts = readFileSync(join(out, dir, 'interrupts.txt'), 'utf8');
    // The file, as printed after the summary; the moved irqs ran on their old and new CPUs.
    expect(r.stdout).toContain(`\n${interrupts}`);
    expect(interrupts.split('\n')[0]).toBe(`${' '.repeat(11)}CPU0       CPU1       CPU2       CPU3       `);
    const peer0 = interrupts.split('\n').find((l) => l.endsWith(' peer0/q0'));
    expect(peer0?.trim().split(/\s+/).slice(1, 5).map((n) => Number(n) > 0)).toEqual([true, false, true, false]);
    expect(r.stdout).toMatch(/\nPer irq \(fates: whole run; cpu and vector at the end\)\n/);
    expect(r.stdout).toMatch(/\n\s*peer0\/q0\s+32\s+2\s+2\s+-\s+2\s+\d+\s+-\n/);
    expect(readFileSync(join(out, dir, 'irq-debugfs.txt'), 'utf8')).toContain('# /sys/kernel/debug/irq/irqs/32: peer0/q0\nhandler:  handle_edge_irq\n');
    const series = readFileSync(join(out, dir, 'series.csv'), 'utf8').trim().split('\n');
    const scopes = new Set(series.slice(1).map((l) => l.split(',')[2]));
    expect(scopes.has('peer0/q0')).toBe(true);
    expect(scopes.has('peer1/q0')).toBe(false);
    const irqsHeader = readFileSync(join(out, dir, 'irqs.csv'), 'utf8').split('\n')[0];
    expect(irqsHeader.endsWith(',cpu,vector,irte_index,effective_affinity')).toBe(true);
  });

  it('puts the views asked for in the --json output', () => {
    const out = mkdtempSync(join(tmpdir(), 'irqstorm-cli-json-'));
    const r = run(['run', 'workloads/mm1.yaml', '--set', 'duration=2ms', '--set', 'warmup=0', '--out', out, '--json', '--show', 'affinity']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { views: Record<string, string> };
    expect(Object.keys(json.views)).toEqual(['affinity']);
    expect(json.views.affinity.split('\n')[0]).toMatch(/^name\s+irq\s+smp_affinity_list/);
  });
});

describe('flags', () => {
  it('checks --seed and flags missing their value, exit 2', () => {
    const base = ['run', 'workloads/mm1.yaml', '--set', 'duration=2ms', '--quiet', '--out', mkdtempSync(join(tmpdir(), 'irqstorm-cli-flags-'))];
    const cases: [string[], string][] = [
      [['--seed', 'abc'], 'irqstorm: --seed: expected a whole number from 0 to 2^53-1, got "abc"'],
      [['--seed', '1', '--seed', '2'], 'irqstorm: --seed: given 2 times; give it once'],
      [['--seed', '-3'], 'irqstorm: --seed: expected a whole number from 0 to 2^53-1, got "-3"'],
      [['--seed'], 'irqstorm: Not enough arguments following: seed'],
      [['--set'], 'irqstorm: Not enough arguments following: set'],
    ];
    for (const [flags, message] of cases) {
      const r = run([...base, ...flags]);
      expect(r.status, flags.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
  });

  it('checks --show, --by, --series and --series-top, exit 2 before simulating', () => {
    const base = ['run', 'workloads/mm1.yaml', '--set', 'duration=2ms', '--set', 'warmup=0', '--quiet', '--out', mkdtempSync(join(tmpdir(), 'irqstorm-cli-views-'))];
    const cases: [string[], RegExp][] = [
      [['--show', 'proc'], /^irqstorm: Invalid values:\n {2}Argument: show, Given: "proc", Choices: "interrupts", "irqs", "affinity"$/],
      [['--by', 'node'], /^irqstorm: Invalid values:\n {2}Argument: by, Given: "node", Choices: "peer", "irq", "cpu", "none"$/],
      [['--series-top', '-1'], /^irqstorm: --series-top: expected a whole number ≥ 0, got "-1"$/],
      [['--series', 'nobody'], /^irqstorm: --series: no irq or peer named "nobody"; irqs are switchtec\/event, .*; peers are src$/],
    ];
    for (const [flags, message] of cases) {
      const r = run([...base, ...flags]);
      expect(r.status, flags.join(' ')).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
    }
  });

  it('echoes a bad gate --threshold or --ab-rounds as typed, exit 2 before measuring anything', () => {
    const cases: [string[], string][] = [
      [['--threshold', 'abc'], 'irqstorm: --threshold: must be a percentage > 0, got "abc"'],
      [['--threshold', '0'], 'irqstorm: --threshold: must be a percentage > 0, got "0"'],
      [['--ab-rounds', '2.5'], 'irqstorm: --ab-rounds: must be a whole number ≥ 1, got "2.5"'],
    ];
    for (const [flags, message] of cases) {
      const r = run(['gate', ...flags]);
      expect(r.status, flags.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    }
  });

  it('prints every --help within 80 columns, each example a comment over a whole command', () => {
    for (const command of [[], ['run'], ['validate'], ['list'], ['compare'], ['sweep'], ['merge'], ['gate']]) {
      const r = run([...command, '--help']);
      expect(r.status).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines.filter((l) => [...l].length > 80), command.join(' ')).toEqual([]);
      const examples = lines.slice(lines.indexOf('Examples:') + 1);
      expect(examples[0], command.join(' ')).toMatch(/^ {2}# /);
      // "# what it does", then the command: "irqstorm …", continued only after a trailing
      // backslash on lines indented by four, as a shell reads it; never a command cut mid-word.
      for (let i = 0; i < examples.length && examples[i] !== ''; ) {
        expect(examples[i], command.join(' ')).toMatch(/^ {2}# \S/);
        expect(examples[i + 1], command.join(' ')).toMatch(/^ {2}irqstorm \S/);
        i += 2;
        while (examples[i - 1].endsWith(' \\')) expect(examples[i++], command.join(' ')).toMatch(/^ {4}\S/);
      }
    }
  });

  it('takes one value per --set, so the workload may follow it', () => {
    const r = run(['validate', '--set', 'seed=2', 'workloads/mm1.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/seed 2;/);
  });
});
