/**
 * Binary fixed-point arithmetic on BigInt: a value v is held as round(v·2^bits). Only what the
 * M/D/1 waiting-time series needs (from/to double, multiply, divide by an integer, exp). Cold
 * code: a few thousand operations per CDF evaluation. No kernel counterpart.
 */

/** A fixed-point number format with `bits` fraction bits. */
export class BigFixed {
  readonly bits: bigint;
  /** 1.0 in this format (2^bits). */
  readonly one: bigint;

  constructor(bits: number) {
    if (!Number.isInteger(bits) || bits < 64 || bits > 100_000) {
      throw new RangeError(`fixed-point fraction bits must be an integer in [64, 100000], got ${bits}`);
    }
    this.bits = BigInt(bits);
    this.one = 1n << this.bits;
  }

  /**
   * A double in this format. Exact for doubles whose lowest set bit is at or above 2^−60 (every
   * double ≥ 2^−8 with this format's ≥ 64 bits); otherwise the error is below 2^−61.
   */
  fromNumber(x: number): bigint {
    if (!Number.isFinite(x)) throw new RangeError(`cannot convert ${x} to fixed point`);
    // x·2^60 is an exact scaling; rounding it drops only bits below 2^−60.
    const scaled = BigInt(Math.round(x * 2 ** 60));
    return this.bits >= 60n ? scaled << (this.bits - 60n) : scaled >> (60n - this.bits);
  }

  /** The nearest double (within one ulp). */
  toNumber(v: bigint): number {
    const neg = v < 0n;
    let a = neg ? -v : v;
    // Keep 64 significant bits, then scale: the double rounding is within one ulp.
    let shift = this.bits;
    const len = BigInt(a.toString(2).length);
    if (len > 64n) {
      const drop = len - 64n;
      a >>= drop;
      shift -= drop;
    }
    const r = Number(a) * 2 ** -Number(shift);
    return neg ? -r : r;
  }

  /** a·b, truncated. */
  mul(a: bigint, b: bigint): bigint {
    return (a * b) >> this.bits;
  }

  /**
   * e^a for a ≥ 0, with relative error about 2^(k − bits) where 2^k ≈ 256·a: a is halved k times
   * to below 2^−8, the Taylor series summed to the format's precision, and the result squared k times.
   */
  exp(a: bigint): bigint {
    if (a < 0n) throw new RangeError('BigFixed.exp: argument must be >= 0');
    let k = 0n;
    let r = a;
    const small = this.one >> 8n;
    while (r > small) {
      r >>= 1n;
      k++;
    }
    let sum = this.one;
    let term = this.one;
    for (let j = 1n; term !== 0n; j++) {
      term = this.mul(term, r) / j;
      sum += term;
    }
    for (let i = 0n; i < k; i++) sum = this.mul(sum, sum);
    return sum;
  }
}
