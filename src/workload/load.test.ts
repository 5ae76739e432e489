import { describe, expect, test } from 'vitest';
import { WorkloadError } from './errors.js';
import { describeHardware, describeWorkload, loadWorkload, whatIfNote } from './load.js';
import { toMachineConfig } from './to-machine-config.js';

/** Loads and returns the formatted issue lines; fails the test if loading succeeds. */
function issues(text: string, file = 'run.yaml', sets: string[] = [], costNames?: readonly string[]): string[] {
  try {
    loadWorkload(text, file, sets, { costNames });
  } catch (err) {
    if (err instanceof WorkloadError) return err.format().split('\n');
    throw err;
  }
  throw new Error('expected a WorkloadError');
}

const MINIMAL = `
description: "one MSI peer"
duration: 1s
peers:
  - name: peer
    arrival: { type: poisson, rate: 200000 }
`;

/** MINIMAL with extra top-level YAML appended. */
const withTop = (extra: string) => MINIMAL + extra;
/** MINIMAL with extra fields on the one peer (indented to the peer's level). */
const withPeer = (extra: string) => MINIMAL + extra.replace(/^/gm, '    ') + '\n';

describe('defaults', () => {
  test('a minimal workload gets every documented default', () => {
    const c = loadWorkload(MINIMAL, 'run.yaml');
    expect(c.seed).toBe(1);
    expect(c.durationNs).toBe(1_000_000_000);
    expect(c.warmupNs).toBe(0);
    // duration / 100 = 1e9 / 100 = 1e7 ns = 10ms
    expect(c.statsIntervalNs).toBe(10_000_000);
    expect(c.machine).toEqual({
      cpus: 4,
      remapping: 'remapped',
      sourceIdCheck: 'bus',
      dmaAliasQuirk: true,
      reservationMode: true,
      edgeMigrationFix: true,
      hz: 1000,
      noirqdebug: false,
      iecEntries: 256,
    });
    // 64KiB = 64 * 1024 = 65536 bytes
    expect(c.ntb).toEqual({
      device: 'switchtec',
      design: 'virtual-msix',
      nirqs: 32,
      msixTableSize: 4,
      window: { type: 'lut', sizeBytes: 65536 },
      messageOverflow: 'overwrite',
    });
    expect(c.peers).toEqual([
      {
        name: 'peer',
        group: 'peer',
        mechanism: 'msi',
        client: 'raw',
        queues: 1,
        arrival: { type: 'poisson', rate: 200000 },
        itemWorkNs: { type: 'deterministic', value: 200 },
        handlerReturns: 'handled',
        linkLatencyNs: 150,
        hops: 2,
        ringSize: 256,
        shares: null,
        pingDelayNs: 0,
      },
    ]);
    expect(c.affinity).toEqual([]);
    expect(c.affinityChanges).toEqual([]);
    expect(c.irqbalance).toBeNull();
    expect(c.costs).toEqual({});
    expect(c.trace).toBe(false);
  });

  test('statsInterval defaults to duration/100 but never below 1us', () => {
    // 50us / 100 = 500 ns, below the 1us floor, so 1000 ns
    expect(loadWorkload(MINIMAL.replace('duration: 1s', 'duration: 50us'), 'run.yaml').statsIntervalNs).toBe(1000);
    // 3333us / 100 = 33.33us, floored to 33330 ns
    expect(loadWorkload(MINIMAL.replace('duration: 1s', 'duration: 3333us'), 'run.yaml').statsIntervalNs).toBe(33330);
  });

  test('durations, sizes and costs are converted to ns and bytes', () => {
    const c = loadWorkload(
      withTop(`warmup: 1.5ms
statsInterval: 2500us
ntb: { device: idt, window: { type: direct, size: 12KiB } }
irqbalance: {}
costs: { handlerNs: 1.1us, ackNs: { type: uniform, min: 10ns, max: 0.5us } }
`),
      'run.yaml',
    );
    expect(c.warmupNs).toBe(1_500_000);
    expect(c.statsIntervalNs).toBe(2_500_000);
    // 12 * 1024 = 12288, a multiple of 4 KiB
    expect(c.ntb.window).toEqual({ type: 'direct', sizeBytes: 12288 });
    // irqbalance's interval defaults to 10 s
    expect(c.irqbalance).toEqual({ intervalNs: 10_000_000_000 });
    expect(c.costs).toEqual({
      handlerNs: { type: 'deterministic', value: 1100 },
      ackNs: { type: 'uniform', min: 10, max: 500 },
    });
  });

  test('the config is deeply frozen', () => {
    const c = loadWorkload(withTop('affinity: [{ irq: peer/q0, cpus: [1] }]\n'), 'run.yaml');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.peers[0].arrival)).toBe(true);
    expect(Object.isFrozen(c.affinity[0].cpus)).toBe(true);
    expect(() => {
      (c.machine as { cpus: number }).cpus = 8;
    }).toThrow(TypeError);
  });
});

describe('count expansion', () => {
  test('count N names the peers name0…nameN-1, all sharing the entry', () => {
    const c = loadWorkload(
      withTop('ntb: { device: idt }\n').replace('  - name: peer', '  - name: peer\n    count: 3\n    queues: 2'),
      'run.yaml',
    );
    expect(c.peers.map((p) => p.name)).toEqual(['peer0', 'peer1', 'peer2']);
    expect(c.peers.every((p) => p.group === 'peer' && p.queues === 2)).toBe(true);
  });

  test('selectors name the expanded peers', () => {
    const c = loadWorkload(
      withTop(`ntb: { device: idt }
affinity: [{ irq: "peer2/q1", cpus: [3, 1] }, { irq: switchtec/doorbell, cpus: [0] }]
affinityChanges: [{ at: 200ms, irq: "peer0/q0", cpus: [2] }]
`).replace('  - name: peer', '  - name: peer\n    count: 3\n    queues: 2'),
      'run.yaml',
    );
    // CPU lists come out ascending
    expect(c.affinity).toEqual([
      { irq: 'peer2/q1', target: { kind: 'peer-queue', peer: 2, queue: 1 }, cpus: [1, 3] },
      { irq: 'switchtec/doorbell', target: { kind: 'switchtec', vector: 'doorbell' }, cpus: [0] },
    ]);
    expect(c.affinityChanges).toEqual([
      { atNs: 200_000_000, irq: 'peer0/q0', target: { kind: 'peer-queue', peer: 0, queue: 0 }, cpus: [2] },
    ]);
  });

  test('a pattern or a set becomes one entry per irq it names, in the order it names them', () => {
    const c = loadWorkload(
      withTop(`ntb: { device: storm }
affinity: [{ irq: "peer{0..7}/q0", cpus: [1] }, { irq: "peer1{0..5}/q0", cpus: [2] }]
affinityChanges: [{ at: 1ms, irq: "{peer3,peer0}/q0", cpus: [3] }]
`).replace('  - name: peer', '  - name: peer\n    count: 16'),
      'run.yaml',
    );
    expect(c.affinity.map((a) => `${a.irq}→${a.cpus.join(',')}`)).toEqual([
      'peer0/q0→1', 'peer1/q0→1', 'peer2/q0→1', 'peer3/q0→1', 'peer4/q0→1', 'peer5/q0→1', 'peer6/q0→1', 'peer7/q0→1',
      'peer10/q0→2', 'peer11/q0→2', 'peer12/q0→2', 'peer13/q0→2', 'peer14/q0→2', 'peer15/q0→2',
    ]);
    expect(c.affinityChanges.map((a) => [a.atNs, a.irq, a.target])).toEqual([
      [1_000_000, 'peer3/q0', { kind: 'peer-queue', peer: 3, queue: 0 }],
      [1_000_000, 'peer0/q0', { kind: 'peer-queue', peer: 0, queue: 0 }],
    ]);
  });

  test('all and * pin every peer in one line; an irq named twice by initial affinities is refused', () => {
    const storm = (affinity: string): string =>
      withTop(`ntb: { device: storm }\naffinity: ${affinity}\n`).replace('  - name: peer', '  - name: peer\n    count: 16');
    const c = loadWorkload(storm('[{ irq: "peer*/q0", cpus: [0, 1] }]'), 'run.yaml');
    expect(c.affinity).toHaveLength(16);
    expect(c.affinity.every((a) => a.cpus.join() === '0,1')).toBe(true);
    expect(loadWorkload(storm('[{ irq: all, cpus: [0] }]'), 'run.yaml').affinity.map((a) => a.irq).slice(-5)).toEqual([
      'peer15/q0',
      'switchtec/doorbell',
      'switchtec/message',
      'switchtec/event',
      'switchtec/dma_rpc',
    ]);
    expect(issues(storm('[{ irq: all, cpus: [0] }, { irq: "peer{3,4}/q0", cpus: [1] }]'))).toEqual([
      'run.yaml: affinity[1].irq: peer3/q0 (from "peer{3,4}/q0") already has an initial affinity at affinity[0] (from "all")',
    ]);
    expect(issues(storm('[{ irq: "peer*/q1", cpus: [0] }]'))[0]).toMatch(
      /^run\.yaml: affinity\[0\]\.irq: "peer\*\/q1" matches no irq; irqs are peer0\/q0, peer1\/q0, peer2\/q0, …/,
    );
  });

  test('an expanded name colliding with another entry is a duplicate', () => {
    const text = withTop('ntb: { device: idt }\n').replace(
      '  - name: peer\n',
      '  - name: p\n    count: 2\n    arrival: { type: poisson, rate: 1 }\n  - name: p1\n',
    );
    expect(issues(text)).toEqual([
      'run.yaml: peers[1].name: peer name "p1" is already used by peers[0] (name "p" with count 2 expands to p0…p1); peer names must be unique',
    ]);
  });
});

describe('each kind of mistake has its message', () => {
  test('wrong type', () => {
    expect(issues(withTop('machine: { cpus: "four" }\n'))).toEqual(['run.yaml: machine.cpus: expected a number, got "four"']);
    expect(issues(withTop('trace: yes\n'))).toEqual(['run.yaml: trace: expected true or false, got "yes"']);
    expect(issues(withTop('machine: 4\n'))).toEqual(['run.yaml: machine: expected an object, got 4']);
  });

  test('out of range', () => {
    expect(issues(withTop('machine: { cpus: 2048 }\n'))).toEqual(['run.yaml: machine.cpus: must be at most 1024, got 2048']);
    expect(issues(withTop('machine: { cpus: 0 }\n'))).toEqual(['run.yaml: machine.cpus: must be at least 1, got 0']);
    expect(issues(withTop('ntb: { nirqs: 3 }\n'))).toEqual(['run.yaml: ntb.nirqs: must be at least 4, got 3']);
    expect(issues(MINIMAL.replace('rate: 200000', 'rate: 0'))).toEqual([
      'run.yaml: peers[0].arrival.rate: must be greater than 0, got 0',
    ]);
    expect(issues(MINIMAL.replace('rate: 200000', 'rate: 2e9'))).toEqual([
      "run.yaml: peers[0].arrival.rate: must be at most 1000000000 Hz (one arrival per ns, the clock's resolution), got 2000000000",
    ]);
    expect(issues(withPeer('queues: 1.5'))).toEqual(['run.yaml: peers[0].queues: expected an integer, got 1.5']);
  });

  test('a choice outside its set, with a did-you-mean', () => {
    expect(issues(withTop('machine: { remapping: remaped }\n'))).toEqual([
      'run.yaml: machine.remapping: expected one of off, remapped, posted, got "remaped"; did you mean "remapped"?',
    ]);
    expect(issues(withTop('machine: { hz: 200 }\n'))).toEqual(['run.yaml: machine.hz: expected one of 100, 250, 300, 1000, got 200']);
    expect(issues(MINIMAL.replace('type: poisson', 'type: poison'))).toEqual([
      'run.yaml: peers[0].arrival.type: expected one of poisson, periodic, onoff, mmpp, ramp, trace, got "poison"; did you mean "poisson"?',
    ]);
  });

  test('machine.iommu names a registered remapping vendor, and reaches the machine config', () => {
    expect(issues(withTop('machine: { iommu: amd }\n'))).toEqual(['run.yaml: machine.iommu: expected one of intel, got "amd"']);
    const w = loadWorkload(withTop('machine: { iommu: intel }\n'), 'run.yaml');
    expect(w.machine.iommu).toBe('intel');
    expect(toMachineConfig(w, new Map()).iommu).toBe('intel');
    // Unset stays unset (the hierarchy builds Intel's), so no workload's hash moves.
    expect('iommu' in loadWorkload(MINIMAL, 'run.yaml').machine).toBe(false);
  });

  test('a removed key says what took its place', () => {
    expect(issues(withPeer('rxMaxEntry: 8'))).toEqual([
      "run.yaml: peers[0].rxMaxEntry: unknown key; removed: a tasklet run now polls up to the ring's frame count, as ntb_transport's rx_max_entry is; give ringSize",
    ]);
  });

  test('unknown key with did-you-mean', () => {
    expect(issues(withPeer('mechansim: msi'))).toEqual(['run.yaml: peers[0].mechansim: unknown key; did you mean "mechanism"?']);
    expect(issues(withTop('statsinterval: 1ms\n'))).toEqual(['run.yaml: statsinterval: unknown key; did you mean "statsInterval"?']);
    expect(issues(withPeer('item_work: 1us'))).toEqual(['run.yaml: peers[0].item_work: unknown key; did you mean "itemWork"?']);
    // Nothing close: the allowed keys are listed instead.
    expect(issues(MINIMAL.replace('rate: 200000', 'rate: 200000, burst: 3'))).toEqual([
      'run.yaml: peers[0].arrival.burst: unknown key; expected one of type, rate',
    ]);
  });

  test('missing required field', () => {
    expect(issues(MINIMAL.replace('duration: 1s\n', ''))).toEqual([
      'run.yaml: duration: missing required field (expected a duration such as "250ns", "1.5us", "10ms", "2s", or a whole number of ns)',
    ]);
    expect(issues(MINIMAL.replace('    arrival: { type: poisson, rate: 200000 }\n', ''))).toEqual([
      'run.yaml: peers[0].arrival: missing required field (expected an arrival process, e.g. { type: poisson, rate: 100000 })',
    ]);
    expect(issues(MINIMAL.replace('type: poisson, ', ''))).toEqual([
      'run.yaml: peers[0].arrival.type: missing required field (expected one of poisson, periodic, onoff, mmpp, ramp, trace)',
    ]);
    expect(issues(MINIMAL.replace('description: "one MSI peer"', 'description: "  "'))).toEqual(['run.yaml: description: must not be empty']);
  });

  test('bad duration', () => {
    expect(issues(MINIMAL.replace('duration: 1s', 'duration: 10 parsecs'))).toEqual([
      'run.yaml: duration: cannot read "10 parsecs" as a duration; expected a number with an optional unit ns, us, ms or s (e.g. "250ns", "1.5us", "10ms", "2s")',
    ]);
    expect(issues(MINIMAL.replace('duration: 1s', 'duration: 0.5ns'))).toEqual([
      'run.yaml: duration: "0.5ns" is 0.5 ns, not a whole number of nanoseconds',
    ]);
    expect(issues(MINIMAL.replace('duration: 1s', 'duration: -5'))).toEqual(['run.yaml: duration: must not be negative, got -5 ns']);
    expect(issues(MINIMAL.replace('duration: 1s', 'duration: 500ns'))).toEqual([
      'run.yaml: duration: must be at least 1us, got "500ns"',
    ]);
    expect(issues(withPeer('linkLatency: true'))).toEqual([
      'run.yaml: peers[0].linkLatency: expected a duration such as "250ns", "1.5us", "10ms", "2s", or a whole number of ns, got true',
    ]);
  });

  test('duration past the 2^53 ns clock', () => {
    // 2^53 ns ≈ 104.2 days; 200 days = 1.728e16 ns is past it
    expect(issues(MINIMAL.replace('duration: 1s', 'duration: 17280000s'))).toEqual([
      "run.yaml: duration: must be at most 2^53-1 ns (about 104 days, the clock's limit), got 17280000000000000 ns",
    ]);
  });

  test('warmup must be shorter than the run', () => {
    expect(issues(withTop('warmup: 1s\n'))).toEqual(['run.yaml: warmup: must be less than duration (1s), got 1s']);
    expect(issues(withTop('statsInterval: 2s\n'))).toEqual(['run.yaml: statsInterval: must not exceed duration (1s), got 2s']);
    expect(issues(withTop('affinityChanges: [{ at: 1s, irq: peer/q0, cpus: [1] }]\n'))).toEqual([
      'run.yaml: affinityChanges[0].at: must be before the end of the run (duration 1s), got 1s',
    ]);
  });

  test('too many peers for switchtec', () => {
    expect(issues(withPeer('count: 16'))).toEqual([
      'run.yaml: peers: 16 peers after count expansion, but ntb.device switchtec supports at most 1; use ntb.device storm (up to 4096)',
    ]);
    const nine = MINIMAL.replace('peers:\n', 'ntb: { device: idt }\npeers:\n  - { name: other, count: 8, arrival: { type: poisson, rate: 1 } }\n');
    expect(issues(nine)).toEqual([
      'run.yaml: peers: 9 peers after count expansion, but ntb.device idt supports at most 8; use ntb.device storm (up to 4096)',
    ]);
    // Two peers fit IDT, the smallest device that holds them.
    expect(issues(withPeer('count: 2'))[0]).toMatch(/use ntb\.device idt \(up to 8\)$/);
  });

  test('selectors naming a missing irq or CPU', () => {
    expect(issues(withTop('affinity: [{ irq: "peer3/q0", cpus: [1] }]\n'))).toEqual([
      'run.yaml: affinity[0].irq: no peer named "peer3"; peers are peer; did you mean "peer/q0"?',
    ]);
    expect(issues(withTop('affinity: [{ irq: "peer/q1", cpus: [1] }]\n'))).toEqual([
      'run.yaml: affinity[0].irq: peer has 1 queue (q0), got q1',
    ]);
    expect(issues(withTop('affinity: [{ irq: "peer/q00", cpus: [1] }]\n'))[0]).toMatch(
      /^run\.yaml: affinity\[0\]\.irq: expected an irq selector "<peer>\/q<N>" or one of .*, got "peer\/q00"$/,
    );
    const sharer =
      'ntb: { device: idt }\npeers:\n  - { name: a, arrival: { type: poisson, rate: 1 } }\n' +
      '  - { name: j, shares: a, arrival: { type: poisson, rate: 1 } }\naffinity: [{ irq: "j/q0", cpus: [1] }]\n';
    expect(issues(MINIMAL.slice(0, MINIMAL.indexOf('peers:')) + sharer)).toEqual([
      'run.yaml: affinity[0].irq: j triggers a\'s irqs (shares), so it has none of its own; select "a/q0"',
    ]);
    expect(issues(withTop('affinity: [{ irq: "switchtec/dorbell", cpus: [1] }]\n'))).toEqual([
      'run.yaml: affinity[0].irq: unknown Switchtec vector "dorbell"; expected one of doorbell, message, event, dma_rpc; did you mean "switchtec/doorbell"?',
    ]);
    expect(issues(withTop('affinityChanges: [{ at: 1ms, irq: "peer/q0", cpus: [0, 4] }]\n'))).toEqual([
      'run.yaml: affinityChanges[0].cpus[1]: CPU 4 does not exist: machine.cpus is 4 (CPUs 0…3)',
    ]);
    expect(issues(withPeer('mechanism: doorbell') + 'affinity: [{ irq: "peer/q0", cpus: [1] }]\n')).toEqual([
      'run.yaml: affinity[0].irq: peer uses mechanism doorbell, so its queues have no vector of their own; select "switchtec/doorbell"',
    ]);
  });

  test('costs: distribution parameters are checked by createSampler at the right path', () => {
    expect(issues(withPeer('itemWork: { type: exponential, mean: -5 }'))).toEqual([
      'run.yaml: peers[0].itemWork.mean: must be greater than 0, got -5',
    ]);
    expect(issues(withTop('costs: { x: { type: empirical, samples: [1, 2us, -2] } }\n'))).toEqual([
      'run.yaml: costs.x.samples[2]: must not be negative, got -2',
    ]);
    expect(issues(withPeer('itemWork: { type: expo, mean: 5 }'))).toEqual([
      'run.yaml: peers[0].itemWork.type: expected one of deterministic, uniform, exponential, normal, lognormal, pareto, empirical, got "expo"; did you mean "exponential"?',
    ]);
  });

  test('cost-model names are checked when the names are given', () => {
    expect(issues(withTop('costs: { handlerNz: 5us, ackNs: 1 }\n'), 'run.yaml', [], ['handlerNs', 'ackNs'])).toEqual([
      'run.yaml: costs.handlerNz: unknown cost-model entry; did you mean "handlerNs"?',
    ]);
  });
});

describe('all issues are reported at once', () => {
  test('field errors, unknown keys and cross-field errors together', () => {
    const text = `
description: several mistakes
duration: 1s
warmup: 2s
machine: { cpus: 2, remaping: off }
peers:
  - name: peer
    count: 2
    queues: 1.5
    arrival: { type: poisson, rate: -1 }
affinity: [{ irq: switchtec/event, cpus: [5] }]
`;
    expect(issues(text)).toEqual([
      'run.yaml: machine.remaping: unknown key; did you mean "remapping"?',
      'run.yaml: peers[0].queues: expected an integer, got 1.5',
      'run.yaml: peers[0].arrival.rate: must be greater than 0, got -1',
      'run.yaml: warmup: must be less than duration (1s), got 2s',
      'run.yaml: peers: 2 peers after count expansion, but ntb.device switchtec supports at most 1; use ntb.device idt (up to 8)',
      'run.yaml: affinity[0].cpus[0]: CPU 5 does not exist: machine.cpus is 2 (CPUs 0…1)',
    ]);
  });

  test('the WorkloadError carries structured issues as well as the text', () => {
    try {
      loadWorkload(withTop('seed: -1\ntrace: 1\n'), 'w.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(WorkloadError);
      const e = err as WorkloadError;
      expect(e.issues).toEqual([
        { file: 'w.yaml', path: 'seed', message: 'must be at least 0, got -1' },
        { file: 'w.yaml', path: 'trace', message: 'expected true or false, got 1' },
      ]);
      expect(e.message).toBe(e.format());
    }
  });
});

describe('overrides are validated like the file', () => {
  test('overridden values reach the config', () => {
    const c = loadWorkload(MINIMAL, 'run.yaml', [
      'peers[0].arrival.rate=5e5',
      'machine.remapping=off',
      'duration=2s',
      'machine.dmaAliasQuirk=false',
      'affinity=[{irq: peer/q0, cpus: [1]}]',
      'peers[0].itemWork={type: exponential, mean: 300}',
    ]);
    expect(c.peers[0].arrival).toEqual({ type: 'poisson', rate: 500000 });
    expect(c.machine.remapping).toBe('off');
    expect(c.machine.dmaAliasQuirk).toBe(false);
    expect(c.durationNs).toBe(2_000_000_000);
    expect(c.affinity[0].cpus).toEqual([1]);
    expect(c.peers[0].itemWorkNs).toEqual({ type: 'exponential', mean: 300 });
  });

  test('an overridden field that fails says which --set it came from', () => {
    expect(issues(MINIMAL, 'run.yaml', ['peers[0].arrival.rate=fast', 'machine.cpus=0'])).toEqual([
      'run.yaml: machine.cpus: must be at least 1, got 0 (value from --set machine.cpus=0)',
      'run.yaml: peers[0].arrival.rate: expected a number, got "fast" (value from --set peers[0].arrival.rate=fast)',
    ]);
  });

  test('a bad override path is reported before validation', () => {
    expect(issues(MINIMAL, 'run.yaml', ['peers[1].name=x'])).toEqual([
      '--set: peers[1].name: index 1 is out of range for peers: it has 1 item (indices 0…0) (in "peers[1].name=x")',
    ]);
  });
});

// The example the workload format was first drafted with, comments and all.
const DRAFT_EXAMPLE = `
description: "What question this scenario answers"   # required, non-empty
seed: 1                    # int >= 0, default 1
duration: 1s               # simulated run length, required, > 0
warmup: 10ms               # excluded from statistics, default 0, must be < duration
statsInterval: 10ms        # time-series bucket, default duration/100 (>= 1us)
machine:
  cpus: 4                  # 1..1024, default 4
  remapping: remapped      # off | remapped | posted
  sourceIdCheck: bus       # requester-id | bus | none; default bus
  dmaAliasQuirk: true
  reservationMode: true
  edgeMigrationFix: true
  hz: 1000
  noirqdebug: false
ntb:
  device: switchtec        # switchtec (max 1 peer) | idt (max 8) | storm (max 4096)
  design: virtual-msix
  nirqs: 32
  window: { type: lut, size: 64KiB }
  messageOverflow: overwrite
peers:
  - name: peer
    count: 16
    mechanism: msi
    client: raw
    queues: 1
    arrival: { type: poisson, rate: 200000 }
    itemWork: 200ns
    handlerReturns: handled
    linkLatency: 150ns
    hops: 2
affinity:
  - { irq: "peer3/q0", cpus: [2] }
affinityChanges:
  - { at: 200ms, irq: "peer3/q0", cpus: [1] }
irqbalance: { interval: 10s }
costs: {}
trace: false
`;

describe('the draft example', () => {
  test('16 peers on a Switchtec is refused; on the storm device it loads', () => {
    expect(issues(DRAFT_EXAMPLE)).toEqual([
      'run.yaml: peers: 16 peers after count expansion, but ntb.device switchtec supports at most 1; use ntb.device storm (up to 4096)',
    ]);
    const c = loadWorkload(DRAFT_EXAMPLE, 'run.yaml', ['ntb.device=storm']);
    expect(c.peers).toHaveLength(16);
    expect(c.peers[15].name).toBe('peer15');
    expect(c.affinity[0].target).toEqual({ kind: 'peer-queue', peer: 3, queue: 0 });
    expect(c.irqbalance).toEqual({ intervalNs: 10_000_000_000 });
  });
});

describe('formats', () => {
  test('JSON and YAML of the same workload give equal configs', () => {
    const yaml = `
description: same workload, two syntaxes
seed: 7
duration: 100ms
warmup: 1ms
machine: { cpus: 8, remapping: posted }
ntb: { device: idt, design: ntb-domain }
peers:
  - name: a
    count: 2
    queues: 2
    arrival: { type: mmpp, states: [{ rate: 1e5, meanSojourn: 1ms }, { rate: 0, meanSojourn: 2ms }] }
    itemWork: { type: lognormal, mu: 5, sigma: 0.5 }
  - name: b
    mechanism: doorbell
    client: ring
    arrival: { type: onoff, on: 1ms, off: { type: exponential, mean: 4ms }, rate: 2e5 }
affinity: [{ irq: a1/q1, cpus: [7] }]
irqbalance: { interval: 50ms }
`;
    const json = JSON.stringify({
      description: 'same workload, two syntaxes',
      seed: 7,
      duration: '100ms',
      warmup: 1_000_000,
      machine: { cpus: 8, remapping: 'posted' },
      ntb: { device: 'idt', design: 'ntb-domain' },
      peers: [
        {
          name: 'a',
          count: 2,
          queues: 2,
          arrival: { type: 'mmpp', states: [{ rate: 100000, meanSojourn: '1ms' }, { rate: 0, meanSojourn: 2_000_000 }] },
          itemWork: { type: 'lognormal', mu: 5, sigma: 0.5 },
        },
        {
          name: 'b',
          mechanism: 'doorbell',
          client: 'ring',
          arrival: { type: 'onoff', on: '1ms', off: { type: 'exponential', mean: '4ms' }, rate: 200000 },
        },
      ],
      affinity: [{ irq: 'a1/q1', cpus: [7] }],
      irqbalance: { interval: '50ms' },
    });
    const fromYaml = loadWorkload(yaml, 'w.yaml');
    expect(loadWorkload(json, 'w.json')).toEqual(fromYaml);
    expect(fromYaml.peers.map((p) => p.name)).toEqual(['a0', 'a1', 'b']);
    expect(fromYaml.peers[2].arrival).toEqual({
      type: 'onoff',
      on: { type: 'deterministic', value: 1_000_000 },
      off: { type: 'exponential', mean: 4_000_000 },
      rate: 200000,
      within: 'poisson',
    });
  });

  test('describeWorkload is one line naming peers, machine and run (not the description)', () => {
    const c = loadWorkload(
      withTop('warmup: 10ms\nntb: { device: idt }\naffinityChanges: [{ at: 1ms, irq: peer1/q0, cpus: [1] }]\n').replace(
        '  - name: peer',
        '  - name: peer\n    count: 3\n    queues: 2',
      ),
      'run.yaml',
    );
    expect(describeWorkload(c)).toBe(
      '3 peers (3 msi), 6 queues, idt virtual-msix, 4 CPUs, remapping remapped, 1s (warmup 10ms), seed 1, 1 affinity change',
    );
  });

  test('describeHardware says in plain words whether the device and design exist today', () => {
    const rows = (ntb: string): string[] =>
      describeHardware(loadWorkload(withTop(`ntb: ${ntb}\n`), 'run.yaml')).map(([label, text]) => `${label}: ${text}`);
    expect(rows('{ device: storm, design: ntb-domain }')).toEqual([
      'device: storm: hypothetical, up to 4,096 peers (today: Switchtec 1, IDT 8)',
      "design: ntb-domain: tglx's NTB MSI irqdomain as the mail writes its chip (set_affinity → parent), proposed 2021, not in the kernel",
    ]);
    expect(rows('{ device: switchtec, design: virtual-msix }')).toEqual([
      "device: switchtec: today's hardware, 1 peer (the driver's limit)",
      "design: virtual-msix: the Switchtec function's virtual MSI-X entries (today)",
    ]);
    expect(rows('{ device: idt }')[0]).toBe("device: idt: today's hardware, up to 8 peers");
  });

  test('machine.kernel 6.9 with posted MSI is refused; iecEntries must be a power of two', () => {
    expect(() => loadWorkload(withTop("machine: { remapping: posted, kernel: '6.9' }\n"), 'run.yaml')).toThrow(/machine\.kernel: posted MSI .* exists from 6\.10 on/);
    expect(() => loadWorkload(withTop('machine: { iecEntries: 100 }\n'), 'run.yaml')).toThrow(/machine\.iecEntries: a power of two/);
    expect(loadWorkload(withTop("machine: { remapping: posted, kernel: '6.10', iecEntries: 1024 }\n"), 'run.yaml').machine.iecEntries).toBe(1024);
  });

  test('whatIfNote: an NTB MSI domain without remapping is a what-if; on the IR domain or virtual-msix it is not', () => {
    const note = (yaml: string): string | null => whatIfNote(loadWorkload(withTop(yaml), 'run.yaml'));
    for (const design of ['ntb-domain', 'ntb-domain-ims']) {
      const text = note(`machine: { remapping: 'off' }\nntb: { design: ${design} }\n`);
      expect(text).toContain(`${design} with remapping off is a what-if`);
      expect(text).toContain('x86_init_dev_msi_info');
      expect(note(`machine: { remapping: remapped }\nntb: { design: ${design} }\n`)).toBeNull();
    }
    expect(note(`machine: { remapping: 'off' }\nntb: { design: virtual-msix }\n`)).toBeNull();
  });
});
