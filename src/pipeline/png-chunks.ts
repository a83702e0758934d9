// PNG chunks before the image data: the APNG frame count from `acTL`, which sharp does not read.

/** Frames declared by an APNG's animation control chunk; 1 for a still PNG or malformed input. */
export function apngFrames(head: Buffer): number {
  let at = 8 // PNG signature
  for (let steps = 0; steps < 256 && at + 8 <= head.length; steps++) {
    const length = head.readUInt32BE(at)
    const type = head.toString('latin1', at + 4, at + 8)
    if (type === 'acTL' && at + 12 <= head.length) return Math.max(1, head.readUInt32BE(at + 8))
    if (type === 'IDAT' || type === 'IEND') return 1
    at += 12 + length
  }
  return 1
}
