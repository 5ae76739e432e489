/**
 * errno values, positive as in include/uapi/asm-generic/errno-base.h (and errno.h for ENOSYS):
 * functions that can fail return -ERRNO, as the kernel does. The one copy the irq, x86 and NTB
 * code share.
 */
export const EFAULT = 14;
export const EBUSY = 16;
export const EINVAL = 22;
export const ENOSPC = 28;
export const ENOSYS = 38;

const NAMES: Readonly<Record<number, string>> = { [EFAULT]: 'EFAULT', [EBUSY]: 'EBUSY', [EINVAL]: 'EINVAL', [ENOSPC]: 'ENOSPC', [ENOSYS]: 'ENOSYS' };

/** "-ENOSPC" for -28 (a negated errno as a function returned it), "errno 5" for one not listed here. */
export function errnoName(ret: number): string {
  const name = NAMES[-ret];
  return name === undefined ? `errno ${-ret}` : `-${name}`;
}
