// A valid JPEG of any size, made instantly: a small sample padded with comment segments after SOI.
import { readFileSync } from 'node:fs'
import { samplePath } from './samples.js'

export function paddedJpeg(totalBytes: number): Buffer {
  const base = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
  const segments: Buffer[] = []
  let room = totalBytes - base.length
  while (room > 4) {
    const body = Math.min(65_533, room - 4)
    const segment = Buffer.alloc(body + 4, 0x20)
    segment.writeUInt16BE(0xfffe, 0) // COM
    segment.writeUInt16BE(body + 2, 2)
    segments.push(segment)
    room -= segment.length
  }
  return Buffer.concat([base.subarray(0, 2), ...segments, base.subarray(2)])
}
