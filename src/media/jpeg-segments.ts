// JPEG markers: MPF and JPS stereo markers in the segments before the scan, found wherever they are.
// sharp does not report these; Meta refuses stereo MPO/JPS (IGCP).
import type { ByteSource } from './file-bytes.js'

export type MultiPicture = 'none' | 'stereo' | 'other'

const SOS = 0xda
const EOI = 0xd9
const APP2 = 0xe2
const APP3 = 0xe3
// MP Entry type codes (CIPA DC-007): disparity (stereo) and multi-angle images.
const STEREO_TYPES = new Set([0x020002, 0x020003])
// Segments before the scan: each at least 4 bytes, so a 64 KiB segment run is ~16k; real files have tens.
const MAX_SEGMENTS = 4096

/**
 * What multi-picture content the JPEG declares in its segments before the scan. Only the 4-byte
 * segment headers are read (and the MPF or JPS segment itself), so XMP or EXIF blocks of any size
 * before the MPF segment are skipped, not cut off. Safe on any input: malformed segments end the walk.
 */
export async function multiPicture(file: ByteSource): Promise<MultiPicture> {
  const soi = await file.read(0, 2)
  if (soi.length < 2 || soi[0] !== 0xff || soi[1] !== 0xd8) return 'none'
  let found: MultiPicture = 'none'
  let at = 2
  for (let steps = 0; steps < MAX_SEGMENTS && at + 4 <= file.size; steps++) {
    const header = await file.read(at, 4)
    if (header.length < 4 || header[0] !== 0xff) return found
    const marker = header[1] ?? 0
    if (marker === 0xff) {
      at += 1 // fill byte
      continue
    }
    if (marker === SOS || marker === EOI) return found
    const length = header.readUInt16BE(2)
    if (length < 2) return found
    if (marker === APP3 && (await file.read(at + 4, 8)).toString('latin1') === '_JPSJPS_') return 'stereo'
    if (marker === APP2) {
      const body = await file.read(at + 4, length - 2)
      if (body.toString('latin1', 0, 4) === 'MPF\0') {
        found = mpfHasStereo(body.subarray(4)) ? 'stereo' : 'other'
        if (found === 'stereo') return found
      }
    }
    at += 2 + length
  }
  return found
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
