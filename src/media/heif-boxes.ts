// HEIF/AVIF top-level boxes: a file cut short leaves its last box (usually mdat) running past the end.
// For HEVC-coded HEIC this is the only check: sharp's prebuilt libvips has no HEVC decoder.
import type { ByteSource } from './file-bytes.js'

// This walk must reach the last top-level box (a handful in real files) to see it cut; 10,000 bounds a hostile file.
const MAX_BOXES = 10_000

/** Why the top-level boxes do not fit the file, null when each box ends inside it. */
export async function heifProblem(file: ByteSource): Promise<string | null> {
  let at = 0
  for (let steps = 0; steps < MAX_BOXES && at < file.size; steps++) {
    const header = await file.read(at, 16)
    if (header.length < 8) return 'truncated image data (a box header is cut off)'
    let size = header.readUInt32BE(0)
    if (size === 1) {
      if (header.length < 16) return 'truncated image data (a box header is cut off)'
      size = Number(header.readBigUInt64BE(8))
    } else if (size === 0) {
      return null // the last box runs to the end of the file
    }
    if (size < 8) return 'damaged image data (a box shorter than its header)'
    if (at + size > file.size)
      return `truncated image data (the ${header.toString('latin1', 4, 8)} box runs past the end of the file)`
    at += size
  }
  return null
}
