/**
 * Where chip ops charge their simulated cost. The generic code runs an op chain (an ack
 * walking to the root, a set_affinity writing an IRTE and flushing the IEC) as one instant
 * of model time; each op adds the ns it would take, and the flow handler turns the sum into
 * the time the CPU stays busy. One meter per machine, reset by whoever starts a chain.
 */
export class CostMeter {
  ns = 0;
  /**
   * When the kernel code now charging the meter started (ns of simulated time), set by whoever
   * starts it: a cost charged inside it ends startNs + ns (a write_msi_msg in an ack chain, say).
   */
  startNs = 0;

  /** Returns the ns charged since the last take() and starts again from zero. */
  take(): number {
    const ns = this.ns;
    this.ns = 0;
    return ns;
  }
}
