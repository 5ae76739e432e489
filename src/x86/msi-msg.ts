/**
 * The x86 MSI message formats, bit-exact (arch/x86/include/asm/msi.h: x86_msi_addr_lo,
 * x86_msi_addr_hi, x86_msi_data). Compatibility format as __irq_msi_compose_msg writes it
 * (→ composeCompatMsg), remappable format as the Intel IR driver's fill_msi_msg writes it
 * (→ composeRemappableMsg), and the root complex's view of a DWORD write to 0xFEExxxxx
 * (→ decodeMsiMsg), including the VT-d handle/subhandle → IRTE index rule.
 */
import { DEBUG } from '../engine/debug.js';
import { MsiMsg } from '../irq/msi-msg.js';
import { EINVAL } from '../irq/errno.js';

// struct msi_msg lives in src/irq (generic); re-exported so x86 callers have one import.
export { MsiMsg };

/** X86_MSI_BASE_ADDRESS_LOW << 20: the interrupt address window 0xFEE00000–0xFEEFFFFF. */
export const MSI_BASE_ADDRESS_LO = 0xfee00000;
/** Mask selecting the window's 12 top bits (base_address / dmar_base_address). */
export const MSI_BASE_ADDRESS_MASK = 0xfff00000;

// address_lo, compatibility format (x86_msi_addr_lo, first view).
/** dest_mode_logical: bit 2. Linux uses physical mode for MSI (0). */
export const MSI_ADDR_DEST_MODE_LOGICAL = 1 << 2;
/** redirect_hint: bit 3. */
export const MSI_ADDR_REDIRECT_HINT = 1 << 3;
/** virt_destid_8_14: bits 5–11, APIC ID bits 8–14 under a hypervisor's extended destination ID. */
export const MSI_ADDR_VIRT_DESTID_SHIFT = 5;
/** destid_0_7: bits 12–19, APIC ID bits 0–7. */
export const MSI_ADDR_DESTID_SHIFT = 12;

// address_lo, remappable format (x86_msi_addr_lo, dmar view).
/** dmar_index_15: bit 2, bit 15 of the IRTE handle. */
export const MSI_ADDR_DMAR_INDEX_15 = 1 << 2;
/** dmar_subhandle_valid (SHV): bit 3. */
export const MSI_ADDR_DMAR_SHV = 1 << 3;
/** dmar_format: bit 4; 1 = remappable format. */
export const MSI_ADDR_DMAR_FORMAT = 1 << 4;
/** dmar_index_0_14: bits 5–19. */
export const MSI_ADDR_DMAR_INDEX_SHIFT = 5;

// data, compatibility format (x86_msi_data).
/** delivery_mode: bits 8–10. */
export const MSI_DATA_DELIVERY_MODE_SHIFT = 8;
/** APIC_DELIVERY_MODE_FIXED: the only mode Linux uses for device MSIs. */
export const APIC_DELIVERY_MODE_FIXED = 0;

// decodeMsiMsg verdicts.
/** Not an interrupt: outside 0x00000000_FEExxxxx (the write would go to memory). */
export const MSI_FORMAT_INVALID = 0;
/** Compatibility format: the address names a destination APIC, the data a vector. */
export const MSI_FORMAT_COMPAT = 1;
/** Remappable format: the address names an IRTE; only meaningful with IR enabled. */
export const MSI_FORMAT_REMAPPABLE = 2;

/** What decodeMsiMsg found; fields that do not apply to the format are -1. */
export class DecodedMsi {
  /** MSI_FORMAT_INVALID | MSI_FORMAT_COMPAT | MSI_FORMAT_REMAPPABLE. */
  format = MSI_FORMAT_INVALID;
  /** Compat: destination APIC ID (destid_0_7 | virt_destid_8_14 << 8). */
  destApicId = -1;
  /** Compat: vector. */
  vector = -1;
  /** Compat: delivery mode (0 = fixed). */
  deliveryMode = -1;
  /** Compat: 1 if logical destination mode. */
  destModeLogical = -1;
  /** Remappable: the 16-bit handle from the address. */
  handle = -1;
  /** Remappable: data[15:0] if SHV is set, else -1. */
  subHandle = -1;
  /** Remappable: the IRTE the request selects: handle + subhandle if SHV, else handle (VT-d 5.1.3). */
  irteIndex = -1;
}

/**
 * __irq_msi_compose_msg for a device (not the IOMMU): physical destination mode, fixed delivery,
 * edge. APIC IDs 0–255 go in destid_0_7; up to 0x7fff need the hypervisor's extended
 * destination ID (virt_destid_8_14) and are refused otherwise (the kernel WARNs and truncates;
 * real hardware would deliver to the wrong CPU, so the model calls it an error).
 * @returns 0, or -EINVAL (out untouched) if the APIC ID cannot be expressed.
 */
export function composeCompatMsg(out: MsiMsg, destApicId: number, vector: number, virtExtDest: boolean): number {
  if (DEBUG && !(Number.isInteger(vector) && vector >= 0 && vector <= 0xff)) {
    throw new RangeError(`vector must be an integer in [0, 255], got ${vector}`);
  }
  if (destApicId < 0) return -EINVAL;
  let lo = MSI_BASE_ADDRESS_LO | ((destApicId & 0xff) << MSI_ADDR_DESTID_SHIFT);
  if (destApicId > 0xff) {
    if (!virtExtDest || destApicId >= 0x8000) return -EINVAL;
    lo |= (destApicId >>> 8) << MSI_ADDR_VIRT_DESTID_SHIFT;
  }
  out.addressLo = lo >>> 0;
  out.addressHi = 0;
  out.data = (vector | (APIC_DELIVERY_MODE_FIXED << MSI_DATA_DELIVERY_MODE_SHIFT)) >>> 0;
  return 0;
}

/**
 * fill_msi_msg (drivers/iommu/intel/irq_remapping.c): the remappable-format message for IRTE
 * handle `irteIndex`. Linux always sets SHV with subhandle = the vector's offset in a multi-MSI
 * block (0 for single MSI/MSI-X); pass subHandle -1 for SHV clear (data 0).
 * @returns 0, or -EINVAL if irteIndex is not in [0, 0xffff] or subHandle not in [-1, 0xffff].
 */
export function composeRemappableMsg(out: MsiMsg, irteIndex: number, subHandle: number): number {
  if (irteIndex < 0 || irteIndex > 0xffff || subHandle < -1 || subHandle > 0xffff) return -EINVAL;
  let lo =
    MSI_BASE_ADDRESS_LO |
    ((irteIndex & 0x7fff) << MSI_ADDR_DMAR_INDEX_SHIFT) |
    MSI_ADDR_DMAR_FORMAT |
    ((irteIndex >>> 15) << 2);
  if (subHandle >= 0) lo |= MSI_ADDR_DMAR_SHV;
  out.addressLo = lo >>> 0;
  out.addressHi = 0;
  out.data = subHandle >= 0 ? subHandle : 0;
  return 0;
}

/**
 * Decodes a DWORD write as the root complex sees it. A non-zero address_hi or an address
 * outside 0xFEExxxxx is MSI_FORMAT_INVALID: devices cannot use the IOMMU-only destid_8_31
 * trick, so such a write is plain memory. dmar_format (bit 4) selects the remappable format.
 * Only the 32 bits of `addressLo` are read, so it may come as a uint32 or its int32 view.
 * Fills `out` and returns out.format.
 */
export function decodeMsiMsg(addressLo: number, addressHi: number, data: number, out: DecodedMsi): number {
  out.destApicId = -1;
  out.vector = -1;
  out.deliveryMode = -1;
  out.destModeLogical = -1;
  out.handle = -1;
  out.subHandle = -1;
  out.irteIndex = -1;
  if (addressHi !== 0 || (addressLo & MSI_BASE_ADDRESS_MASK) >>> 0 !== MSI_BASE_ADDRESS_LO) {
    out.format = MSI_FORMAT_INVALID;
    return MSI_FORMAT_INVALID;
  }
  if ((addressLo & MSI_ADDR_DMAR_FORMAT) !== 0) {
    const handle = ((addressLo >>> MSI_ADDR_DMAR_INDEX_SHIFT) & 0x7fff) | (((addressLo >>> 2) & 1) << 15);
    out.format = MSI_FORMAT_REMAPPABLE;
    out.handle = handle;
    if ((addressLo & MSI_ADDR_DMAR_SHV) !== 0) {
      out.subHandle = data & 0xffff;
      out.irteIndex = handle + out.subHandle;
    } else {
      out.irteIndex = handle;
    }
    return MSI_FORMAT_REMAPPABLE;
  }
  out.format = MSI_FORMAT_COMPAT;
  out.destApicId = ((addressLo >>> MSI_ADDR_DESTID_SHIFT) & 0xff) | (((addressLo >>> MSI_ADDR_VIRT_DESTID_SHIFT) & 0x7f) << 8);
  out.vector = data & 0xff;
  out.deliveryMode = (data >>> MSI_DATA_DELIVERY_MODE_SHIFT) & 7;
  out.destModeLogical = (addressLo >>> 2) & 1;
  return MSI_FORMAT_COMPAT;
}

/**
 * The compatibility-format address_lo that targets `apicId` (what a peer must be able to
 * reach through its memory window to interrupt that CPU).
 * @returns the address (≥ 0xFEE00000), or -EINVAL if the ID needs virtExtDest or exceeds 0x7fff.
 */
export function msiAddressForApicId(apicId: number, virtExtDest: boolean): number {
  if (!Number.isInteger(apicId) || apicId < 0) return -EINVAL;
  if (apicId > 0xff && (!virtExtDest || apicId >= 0x8000)) return -EINVAL;
  return (
    (MSI_BASE_ADDRESS_LO | ((apicId & 0xff) << MSI_ADDR_DESTID_SHIFT) | ((apicId >>> 8) << MSI_ADDR_VIRT_DESTID_SHIFT)) >>>
    0
  );
}

/**
 * The destination APIC ID a compatibility-format address_lo names.
 * @returns the APIC ID, or -EINVAL if the address is outside 0xFEExxxxx or remappable.
 */
export function apicIdFromAddress(addressLo: number): number {
  if ((addressLo & MSI_BASE_ADDRESS_MASK) >>> 0 !== MSI_BASE_ADDRESS_LO) return -EINVAL;
  if ((addressLo & MSI_ADDR_DMAR_FORMAT) !== 0) return -EINVAL;
  return ((addressLo >>> MSI_ADDR_DESTID_SHIFT) & 0xff) | (((addressLo >>> MSI_ADDR_VIRT_DESTID_SHIFT) & 0x7f) << 8);
}
