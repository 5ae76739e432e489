/**
 * struct msi_msg (include/linux/msi.h): the address/data pair a device (or an NTB peer)
 * writes to raise an interrupt. Generic: the x86 code composes and decodes the formats.
 * One instance is reused as scratch wherever a message is composed, never one per event.
 */
export class MsiMsg {
  addressLo = 0;
  addressHi = 0;
  data = 0;

  copyFrom(other: MsiMsg): void {
    this.addressLo = other.addressLo;
    this.addressHi = other.addressHi;
    this.data = other.data;
  }

  equals(other: MsiMsg): boolean {
    return this.addressLo === other.addressLo && this.addressHi === other.addressHi && this.data === other.data;
  }
}
