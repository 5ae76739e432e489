/**
 * The x86 IDT vector layout (arch/x86/include/asm/irq_vectors.h), the per-CPU vector_irq
 * sentinels (arch/x86/include/asm/hw_irq.h: VECTOR_UNUSED, VECTOR_SHUTDOWN, VECTOR_RETRIGGERED)
 * and the errno values the x86 model returns. Functions in src/x86 return a non-negative
 * result on success and -ERRNO on failure, as the kernel does.
 */

/** Entries in the IDT, and bits in every per-CPU vector bitmap. */
export const NR_VECTORS = 256;
/** 32-bit words in a 256-bit vector bitmap (IRR, ISR, alloc_map, PIR). */
export const VECTOR_WORDS = 8;
/** First vector usable by external interrupt sources; vectors below are exceptions. */
export const FIRST_EXTERNAL_VECTOR = 0x20;
/** int 0x80: the legacy syscall gate, a system vector inside the allocation range. */
export const IA32_SYSCALL_VECTOR = 0x80;
/** The 8259 cascade input: IRQ 2 of the legacy PIC, never given to a device. */
export const PIC_CASCADE_IR = 2;
/** ISA_IRQ_VECTOR(PIC_CASCADE_IR): held as a system vector on every CPU (lapic_assign_system_vectors). */
export const PIC_CASCADE_VECTOR = 0x32;
/** Where a reserved-but-not-activated (or shut-down managed) irq points: never delivered. */
export const MANAGED_IRQ_SHUTDOWN_VECTOR = 0xef;
/** The local APIC timer, the lowest system vector without posted MSI. */
export const LOCAL_TIMER_VECTOR = 0xec;
/** Posted MSI (6.10+): the one vector the IOMMU notifies a CPU on; device vectors live in the PID. */
export const POSTED_MSI_NOTIFICATION_VECTOR = 0xeb;
/** The APIC's spurious-interrupt vector. */
export const SPURIOUS_APIC_VECTOR = 0xff;

/** ISA_IRQ_VECTOR(irq): legacy ISA irqs sit at 0x30 + irq (the 0x30 priority class). */
export function isaIrqVector(irq: number): number {
  return ((FIRST_EXTERNAL_VECTOR + 16) & ~15) + irq;
}

/**
 * FIRST_SYSTEM_VECTOR: the end (exclusive) of the device-vector allocation range.
 * 0xec (LOCAL_TIMER_VECTOR) before posted MSI; 0xeb (POSTED_MSI_NOTIFICATION_VECTOR) with it.
 * Note: the version merged in 6.10 defines FIRST_SYSTEM_VECTOR as 0xeb whenever the local APIC
 * is configured, with or without intremap=posted_msi, so pass `true` to model any 6.10+ kernel.
 */
export function firstSystemVector(postedMsi: boolean): number {
  return postedMsi ? POSTED_MSI_NOTIFICATION_VECTOR : LOCAL_TIMER_VECTOR;
}

/** NR_EXTERNAL_VECTORS = FIRST_SYSTEM_VECTOR - FIRST_EXTERNAL_VECTOR (204, or 203 with posted MSI). */
export function nrExternalVectors(postedMsi: boolean): number {
  return firstSystemVector(postedMsi) - FIRST_EXTERNAL_VECTOR;
}

/** vector_irq[] entry: no irq owns this vector on this CPU. */
export const VECTOR_UNUSED = -1;
/** vector_irq[] entry: the irq was shut down; a late arrival is spurious. */
export const VECTOR_SHUTDOWN = -2;
/** vector_irq[] entry: the vector was retriggered during a move/cleanup and is still pending. */
export const VECTOR_RETRIGGERED = -3;
