/**
 * irq-debugfs.txt: every requested irq as `cat /sys/kernel/debug/irq/irqs/<N>` prints it
 * (irq_debug_show() in kernel/irq/debugfs.c): the descriptor's state words with their IRQS_* and
 * IRQD_* names, the affinity masks as cpulists, then each hierarchy level (domain, hwirq, chip,
 * chip flags) indented four more than its child, with the domain's own lines: the x86 vector
 * domain's x86_vector_debug_show() (vector, target, the previous ones mid-move, move and cleanup
 * state) and the MSI domain's msi_domain_debug_show() (the message last written to the entry).
 *
 * Lines the kernel does not print, added because the model knows them and a reader of a storm
 * needs them: `composed:` on every level (irq_chip_compose_msi_msg() there now: what the level
 * hands its child), `entry:` on an MSI level (the msi_desc: index, virtual, mask and PBA bits,
 * messages written), `irte:` on a remapping level (the IRTE the index names: present, posted,
 * vector, destination, source-ID check), and an `ntb_msi:` block after the hierarchy with the
 * descriptor each peer holds. `status` (the IRQ_* settings), `wdepth` and `node` are 0: the model
 * has no settings, wake-up or NUMA.
 */
import type { IrqLevelView, IrqView, KernelView, MsiMsgView } from '../metrics/kernel-view.js';

const hex = (n: number): string => `0x${n.toString(16)}`;
const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const pad = (n: number): string => ' '.repeat(n);
const u5 = (n: number): string => String(n).padStart(5);

/** Every requested irq's dump, each under a `# /sys/kernel/debug/irq/irqs/<N>: <name>` line. */
export function formatIrqDebugfs(view: KernelView): string {
  const parts: string[] = [];
  for (const irq of view.irqs) {
    if (irq.actionName === null) continue;
    parts.push(`# /sys/kernel/debug/irq/irqs/${irq.virq}: ${irq.name}\n${formatIrqDebugShow(irq)}`);
  }
  return parts.join('\n');
}

/** One irq as irq_debug_show() prints it, plus the model's lines; ends with a newline. */
export function formatIrqDebugShow(irq: IrqView): string {
  const out: string[] = [];
  out.push(`handler:  ${irq.handler}`, `device:   ${irq.device}`, `status:   ${hex8(0)}`);
  out.push(`istate:   ${hex8(irq.istate)}`, ...bits(0, irq.istateNames));
  out.push(`ddepth:   ${irq.depth}`, 'wdepth:   0');
  out.push(`dstate:   ${hex8(irq.dstate)}`, ...bits(0, irq.dstateNames));
  out.push('node:     0', `affinity: ${irq.affinity}`, `effectiv: ${irq.effective}`, `pending:  ${irq.pending}`);
  irq.levels.forEach((level, i) => {
    const ind = 4 * i;
    if (i > 0) out.push(`${pad(ind - 3)}parent:`);
    out.push(...levelLines(level, ind));
  });
  if (irq.peerDescs.length > 0) {
    out.push('ntb_msi:');
    for (const p of irq.peerDescs) {
      const stale = p.version < p.hostVersion ? ' (stale)' : '';
      out.push(` ${p.peer}: addr_offset ${hex(p.addrOffset)} data ${hex(p.data)} version ${p.version} of ${p.hostVersion}${stale}`);
    }
  }
  return `${out.join('\n')}\n`;
}

// irq_debug_show_data() for one level at indent `ind`, its domain's debug_show at ind + 1.
function levelLines(level: IrqLevelView, ind: number): string[] {
  const out = [`${pad(ind)}domain:  ${level.domain}`, `${pad(ind + 1)}hwirq:   ${hex(level.hwirq)}`];
  out.push(`${pad(ind + 1)}chip:    ${level.chip}`, `${pad(ind + 2)}flags:   ${hex(level.chipFlags)}`, ...bits(ind + 1, level.chipFlagNames));
  const at = pad(ind + 1);
  const v = level.vector;
  if (v !== undefined) {
    out.push(`${at}Vector: ${u5(v.vector)}`, `${at}Target: ${u5(v.cpu)}`);
    if (v.prevVector !== 0) out.push(`${at}Previous vector: ${u5(v.prevVector)}`, `${at}Previous target: ${u5(v.prevCpu)}`);
    out.push(
      `${at}move_in_progress: ${Number(v.moveInProgress)}`,
      `${at}is_managed:       ${Number(v.isManaged)}`,
      `${at}can_reserve:      ${Number(v.canReserve)}`,
      `${at}has_reserved:     ${Number(v.hasReserved)}`,
      `${at}cleanup_pending:  ${Number(v.cleanupPending)}`,
    );
  }
  const e = level.msiDesc;
  if (e !== undefined) {
    out.push(`${at}${level.domain.startsWith('NTB') ? 'msi' : 'msix'}:`, ...msgLines(ind + 2, e.msg));
    const flags = `virtual ${Number(e.isVirtual)} masked ${Number(e.masked)} pending ${Number(e.pending)}`;
    out.push(`${at}entry:    msi_index ${hex(e.msiIndex)} ${flags} writes ${e.msgWrites}`);
  }
  const t = level.irte;
  if (t !== undefined) {
    const dest = `${t.posted ? 'pda cpu' : 'dest'} ${t.cpu}`;
    const src = `svt ${t.svt} sq ${t.sq} sid ${hex(t.sid)}`;
    out.push(`${at}irte:     index ${hex(t.index)} present ${Number(t.present)} posted ${Number(t.posted)} vector ${t.vector} ${dest} ${src}`);
  }
  const c = level.composed;
  out.push(`${at}composed: address_hi ${hex8(c.addressHi)} address_lo ${hex8(c.addressLo)} data ${hex8(c.data)}`);
  return out;
}

// msi_domain_debug_show()'s three lines.
function msgLines(ind: number, m: MsiMsgView): string[] {
  return [`${pad(ind)}address_hi: ${hex8(m.addressHi)}`, `${pad(ind)}address_lo: ${hex8(m.addressLo)}`, `${pad(ind)}msg_data:   ${hex8(m.data)}`];
}

// irq_debug_show_bits(): one name per set bit, indented ind + 12.
function bits(ind: number, names: readonly string[]): string[] {
  return names.map((n) => `${pad(ind + 12)}${n}`);
}
