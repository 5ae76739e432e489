/**
 * The kernel's views of a small machine against placement worked out by hand: where the vector
 * matrix puts each irq, which IRTE each gets, the messages each level composes, in the three
 * remapping modes; the per-CPU counts of /proc/interrupts across an affinity move; the PMN row
 * and the IEC counters.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../run.js';
import { formatIrqDebugShow } from '../report/irq-debugfs.js';
import { formatProcInterrupts } from '../report/proc-interrupts.js';
import type { MachineConfig } from './config.js';
import { periodicArrival, testConfig, traceArrival } from './testing/config-builder.js';

/**
 * 2 CPUs, the Switchtec function with nirqs 4 (virqs 0-3: event, dma_rpc, message, doorbell),
 * tglx's NTB MSI domain for the one peer's queue (virq 4), pinned to CPU 1 at boot, three
 * triggers. Placement by hand (vector.c: the CPU with the most free vectors, ties to the lowest;
 * the lowest free vector from 0x20):
 *   event → CPU 0 vector 0x20, dma_rpc → CPU 1 0x20, message → CPU 0 0x21, doorbell → CPU 1 0x21;
 *   p0/q0 is activated at request_irq on CPU 0 (2 used on each: tie) with 0x22, then the boot
 *   affinity moves it to CPU 1's lowest free vector, 0x22 = 34, and the old one is cleaned up.
 * With remapping each irq gets one IRTE in allocation order: the switch's four take 0-3, p0/q0
 * IRTE 4 (hwirq 0x4 at the IR level; the vector level's hwirq is the virq, also 4).
 */
function smallMachine(remapping: MachineConfig['remapping']): MachineConfig {
  return testConfig({
    cpus: 2,
    remapping,
    durationNs: 100_000,
    // Without remapping the boot affinity's move must rewrite the message: the IMS-style chip.
    ntb: { design: remapping === 'off' ? 'ntb-domain-ims' : 'ntb-domain', nirqs: 4 },
    peer: { arrival: traceArrival([10_000, 20_000, 30_000]) },
    affinity: [{ irq: 'p0/q0', cpus: [1] }],
  });
}

// The descriptor part of every dump: requested, activated, single target, user affinity set,
// reservation mode; CPU 1 asked and in effect, no move pending.
const HEAD = `handler:  handle_edge_irq
device:   0000:03:00.1
status:   0x00000000
istate:   0x00000000
ddepth:   0
wdepth:   0
dstate:   0x05001200
            IRQD_ACTIVATED
            IRQD_SINGLE_TARGET
            IRQD_AFFINITY_SET
            IRQD_CAN_RESERVE
node:     0
affinity: 1
effectiv: 1
pending:  
`;

// x86_vector_debug_show() of vector 34 on CPU 1 at indent `ind`, the move long finished.
function vectorLines(ind: number): string {
  const p = ' '.repeat(ind);
  return [
    `${p}Vector:    34`,
    `${p}Target:     1`,
    `${p}move_in_progress: 0`,
    `${p}is_managed:       0`,
    `${p}can_reserve:      1`,
    `${p}has_reserved:     0`,
    `${p}cleanup_pending:  0`,
  ].join('\n');
}

describe('irq-debugfs: hand-known placement', () => {
  it('remapping off: the NTB domain on the vector domain, compatibility message to APIC 1 vector 0x22', () => {
    const r = runSimulation(smallMachine('off'));
    // The message: 0xfee00000 | dest 1 << 12, data = vector 0x22. Written twice (activation on
    // CPU 0, the boot move to CPU 1), so the peer holds its first republish: version 1 of 1,
    // its offset 0x1000 from the window placed on the first descriptor's address (0xfee00000).
    expect(formatIrqDebugShow(r.kernelView.irqs[4])).toBe(
      `${HEAD}domain:  NTB-MSI
 hwirq:   0x10000
 chip:    NTB-MSI
  flags:   0x1000
             IRQCHIP_MOVE_DEFERRED
 msi:
  address_hi: 0x00000000
  address_lo: 0xfee01000
  msg_data:   0x00000022
 entry:    msi_index 0x10000 virtual 1 masked 0 pending 0 writes 2
 composed: address_hi 0x00000000 address_lo 0xfee01000 data 0x00000022
 parent:
    domain:  VECTOR
     hwirq:   0x4
     chip:    APIC
      flags:   0x0
${vectorLines(5)}
     composed: address_hi 0x00000000 address_lo 0xfee01000 data 0x00000022
ntb_msi:
 p0: addr_offset 0x1000 data 0x22 version 1 of 1
`,
    );
    expect(r.kernelView.irqs[4]).toMatchObject({ cpu: 1, vector: 34, irteIndex: -1 });
  });

  it('remapped: IRTE 4 names vector 0x22 on CPU 1; the device holds the remappable message and the move never reached it', () => {
    const r = runSimulation(smallMachine('remapped'));
    // fill_msi_msg: 0xfee00000 | index 4 << 5 | SHV 0x8 | format 0x10 = 0xfee00098, data 0
    // (subhandle 0). One write (activation): the boot move only rewrote the IRTE (OK_DONE).
    // The IRTE checks the bus of the Switchtec function (03): svt 2, sid 0x0303.
    expect(formatIrqDebugShow(r.kernelView.irqs[4])).toBe(
      `${HEAD}domain:  NTB-MSI
 hwirq:   0x10000
 chip:    NTB-MSI
  flags:   0x0
 msi:
  address_hi: 0x00000000
  address_lo: 0xfee00098
  msg_data:   0x00000000
 entry:    msi_index 0x10000 virtual 1 masked 0 pending 0 writes 1
 composed: address_hi 0x00000000 address_lo 0xfee00098 data 0x00000000
 parent:
    domain:  INTEL-IR
     hwirq:   0x4
     chip:    INTEL-IR
      flags:   0x0
     irte:     index 0x4 present 1 posted 0 vector 34 dest 1 svt 2 sq 0 sid 0x303
     composed: address_hi 0x00000000 address_lo 0xfee00098 data 0x00000000
     parent:
        domain:  VECTOR
         hwirq:   0x4
         chip:    APIC
          flags:   0x0
${vectorLines(9)}
         composed: address_hi 0x00000000 address_lo 0xfee01000 data 0x00000022
ntb_msi:
 p0: addr_offset 0x98 data 0x0 version 1 of 1
`,
    );
    expect(r.kernelView.irqs[4]).toMatchObject({ cpu: 1, vector: 34, irteIndex: 4 });
    // Three lookups of IRTE 4: the first misses (the IEC starts cold), the other two hit.
    expect(r.kernelView.iec).toEqual({ hits: 2, misses: 1 });
    expect(r.snapshot.summary.filter((row) => row.scope === 'iec').map((row) => [row.metric, row.value])).toEqual([
      ['hits', 2],
      ['misses', 1],
      ['miss_rate', 1 / 3],
    ]);
  });

  it('posted: the IRTE is in posted format, naming CPU 1 posted-interrupt descriptor; PMN counts the notifications', () => {
    const r = runSimulation(smallMachine('posted'));
    const dump = formatIrqDebugShow(r.kernelView.irqs[4]);
    expect(dump).toContain(
      `    domain:  INTEL-IR-POST
     hwirq:   0x4
     chip:    INTEL-IR-POST
      flags:   0x0
     irte:     index 0x4 present 1 posted 1 vector 34 pda cpu 1 svt 2 sq 0 sid 0x303
`,
    );
    expect(dump).toContain(vectorLines(9));
    // The three triggers are 10 µs apart and each handled long before the next: each post finds
    // ON clear and sends one notification to CPU 1, handled there.
    expect(r.kernelView.archRows).toEqual([{ name: 'PMN', perCpu: [0, 3], description: 'Posted MSI notification event' }]);
    expect(formatProcInterrupts(r.kernelView).split('\n').at(-2)).toBe(`PMN:          0          3   Posted MSI notification event`);
  });
});

describe('interrupts.txt: per-CPU counts', () => {
  it('an immediate move under remapping splits the irq row at the move, as worked out', () => {
    // One trigger every 10 µs (10, 20, …, 90 µs; the one at 100 µs is still on the link at the
    // end), landing 830 ns later (wire 300 + delivery 500 + IEC hit 30; a miss only delays
    // delivery by 170 more). p0/q0 starts on CPU 0; at 50 µs the IRTE is rewritten to CPU 1
    // (remapping moves at once), before the trigger of 50 µs lands at 50.83 µs: four
    // interrupts on CPU 0, five on CPU 1.
    const r = runSimulation(
      testConfig({
        cpus: 2,
        remapping: 'remapped',
        durationNs: 100_000,
        ntb: { design: 'ntb-domain', nirqs: 4 },
        peer: { arrival: periodicArrival(100_000) },
        affinity: [{ irq: 'p0/q0', cpus: [0] }],
        affinityChanges: [{ atNs: 50_000, irq: 'p0/q0', cpus: [1] }],
      }),
    );
    expect(r.kernelView.irqs[4].kstat).toEqual([4, 5]);
    const text = formatProcInterrupts(r.kernelView);
    // prec 3 (5 irqs < 1000); per CPU " %10u"; chip "%8s"; hwirq " %*lu"; "-%-8s" flow; the action.
    expect(text).toBe(
      `           CPU0       CPU1       
  0:          0          0 IR-PCI-MSIX-0000:03:00.1   0-edge      switchtec
  1:          0          0 IR-PCI-MSIX-0000:03:00.1   1-edge      switchtec
  2:          0          0 IR-PCI-MSIX-0000:03:00.1   2-edge      switchtec_ntb_message
  3:          0          0 IR-PCI-MSIX-0000:03:00.1   3-edge      switchtec_ntb_doorbell
  4:          4          5  NTB-MSI 65536-edge      p0/q0
`,
    );
    // The IRTE rewrite flushed the IEC: the first lookup after it misses again.
    expect(r.kernelView.iec).toEqual({ hits: 7, misses: 2 });
  });

  it('leaves out irqs nobody requested, and names a ring client by its driver', () => {
    // virtual-msix with nirqs 8: entries 4-7 are allocated but only entry 4 is taken by the
    // peer's queue (the first without an action); 5-7 stay unrequested and are not listed.
    const r = runSimulation(testConfig({ ntb: { nirqs: 8 }, peer: { client: 'ring' } }));
    const rows = formatProcInterrupts(r.kernelView).trimEnd().split('\n').slice(1);
    expect(rows.map((line) => line.split(':')[0].trim())).toEqual(['0', '1', '2', '3', '4']);
    expect(rows[4]).toMatch(/ PCI-MSIX-0000:03:00\.1 {3}4-edge {6}ntb_transport$/);
  });
});
