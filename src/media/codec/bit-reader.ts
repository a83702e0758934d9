// A bit reader for codec headers: fixed-width fields and Exp-Golomb codes, MSB first; past the end it throws.

class BitsExhausted extends Error {
  constructor() {
    super('header ended early')
  }
}

export class BitReader {
  private position = 0

  constructor(private readonly bytes: Uint8Array) {}

  bit(): number {
    const byte = this.bytes[this.position >> 3]
    if (byte === undefined) throw new BitsExhausted()
    const value = (byte >> (7 - (this.position & 7))) & 1
    this.position++
    return value
  }

  flag(): boolean {
    return this.bit() === 1
  }

  /** An unsigned field of up to 32 bits. */
  bits(count: number): number {
    let value = 0
    for (let i = 0; i < count; i++) value = value * 2 + this.bit()
    return value
  }

  skip(count: number): void {
    for (let i = 0; i < count; i++) this.bit()
  }

  /** ue(v): unsigned Exp-Golomb. More than 31 leading zeros is no valid header. */
  ue(): number {
    let zeros = 0
    while (this.bit() === 0) {
      if (++zeros > 31) throw new BitsExhausted()
    }
    return 2 ** zeros - 1 + this.bits(zeros)
  }

  /** se(v): signed Exp-Golomb. */
  se(): number {
    const code = this.ue()
    return code % 2 === 1 ? (code + 1) / 2 : -(code / 2)
  }
}

/** A NAL unit's payload without emulation-prevention bytes (00 00 03 → 00 00), NAL header included. */
export function unescapeNal(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length)
  let length = 0
  let zeros = 0
  for (const byte of nal) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0
      continue
    }
    zeros = byte === 0 ? zeros + 1 : 0
    out[length++] = byte
  }
  return out.subarray(0, length)
}
