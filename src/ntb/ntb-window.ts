/**
 * The memory window NTB peers write their ntb_msi triggers through (ntb_msi_setup_mws(),
 * drivers/ntb/msi.c): its translation granularity per window type as the Switchtec driver
 * advertises it (switchtec_ntb_mw_get_align(): a LUT window maps LUT_SIZE = 64 KiB entries, a
 * direct window 4 KiB pages). The granularity aligns the window's size (checked by the workload
 * schema) and where the host places it (on the first descriptor's address, rounded down).
 */

export type NtbWindowType = 'lut' | 'direct';

/** Translation granularity in bytes per window type. */
export const NTB_WINDOW_ALIGN: Readonly<Record<NtbWindowType, number>> = Object.freeze({ lut: 0x10000, direct: 0x1000 });

/** addr rounded down to a multiple of align (a power of two). */
export function alignDown(addr: number, align: number): number {
  return addr - (addr % align);
}
