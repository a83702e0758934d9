// The one box-header reader (the probe's walk, the quick read and the early head all use it): 32- and 64-bit
// sizes, a size of 0 running to the end of its parent, and headers cut short.
import { describe, expect, it } from 'vitest'
import { boxHeader } from '../../src/media/mp4-walk.js'

const header = (size: number, type: string, large?: bigint) => {
  const head = Buffer.alloc(large === undefined ? 8 : 16)
  head.writeUInt32BE(size, 0)
  head.write(type, 4, 'latin1')
  if (large !== undefined) head.writeBigUInt64BE(large, 8)
  return head
}

describe('boxHeader', () => {
  it('reads a 32-bit size and the type', () => {
    expect(boxHeader(header(1234, 'moov'), 100, 10_000)).toEqual({ type: 'moov', size: 1234, headerBytes: 8 })
  })

  it('reads the 64-bit size that a size of 1 announces', () => {
    expect(boxHeader(header(1, 'mdat', 5_000_000_000n), 0, 6e9)).toEqual({
      type: 'mdat',
      size: 5_000_000_000,
      headerBytes: 16,
    })
  })

  it('says when that 64-bit size is cut off', () => {
    expect(boxHeader(header(1, 'mdat', 9n).subarray(0, 12), 0, 100)).toEqual({
      type: 'mdat',
      size: null,
      headerBytes: 16,
    })
  })

  it('runs a box of size 0 to the end of its parent', () => {
    expect(boxHeader(header(0, 'mdat'), 400, 1000)).toEqual({ type: 'mdat', size: 600, headerBytes: 8 })
  })

  it('gives nothing for fewer than 8 bytes', () => {
    expect(boxHeader(header(8, 'free').subarray(0, 7), 0, 100)).toBeNull()
  })
})
