// JPEG markers: MPF and JPS stereo markers in the segments before the scan, and the EOI that ends a whole file.
// sharp does not report these; Meta refuses stereo MPO/JPS (IGCP).

export type MultiPicture = 'none' | 'stereo' | 'other'

const SOS = 0xda
const APP2 = 0xe2
const APP3 = 0xe3
// MP Entry type codes (CIPA DC-007): disparity (stereo) and multi-angle images.
const STEREO_TYPES = new Set([0x020002, 0x020003])

/** What multi-picture content the JPEG head declares. Safe on any input: malformed segments end the walk. */
export function multiPicture(head: Buffer): MultiPicture {
  if (head.length < 4 || head[0] !== 0xff || head[1] !== 0xd8) return 'none'
  let found: MultiPicture = 'none'
  let at = 2
  for (let steps = 0; steps < 512 && at + 4 <= head.length; steps++) {
    if (head[at] !== 0xff) return found
    const marker = head[at + 1] ?? 0
    if (marker === 0xff) {
      at += 1 // fill byte
      continue
    }
    if (marker === SOS || marker === 0xd9) return found
    const length = head.readUInt16BE(at + 2)
    if (length < 2) return found
    const body = head.subarray(at + 4, Math.min(at + 2 + length, head.length))
    if (marker === APP3 && body.toString('latin1', 0, 8) === '_JPSJPS_') return 'stereo'
    if (marker === APP2 && body.toString('latin1', 0, 4) === 'MPF\0') {
      found = mpfHasStereo(body.subarray(4)) ? 'stereo' : 'other'
      if (found === 'stereo') return found
    }
    at += 2 + length
  }
  return found
}

/** Whether the file's last two bytes are the EOI marker: a scan cut short never ends with one. */
export function endsWithEoi(tail: Buffer): boolean {
  return tail.length === 2 && tail[0] === 0xff && tail[1] === 0xd9
}

/** Reads the MP Index IFD (a TIFF structure) and looks for a disparity or multi-angle entry. */
function mpfHasStereo(tiff: Buffer): boolean {
  if (tiff.length < 8) return false
  const little = tiff.toString('latin1', 0, 2) === 'II'
  const u16 = (at: number) => (at + 2 <= tiff.length ? (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)) : 0)
  const u32 = (at: number) => (at + 4 <= tiff.length ? (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at)) : 0)
  const ifd = u32(4)
  const count = Math.min(u16(ifd), 64)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (u16(entry) !== 0xb002) continue // MPEntry
    const bytes = u32(entry + 4)
    const offset = u32(entry + 8)
    for (let e = 0; e < Math.min(bytes / 16, 64); e++) {
      const type = u32(offset + e * 16) & 0xffffff
      if (STEREO_TYPES.has(type)) return true
    }
  }
  return false
}
