// PNG chunks: the APNG frame count from `acTL` (sharp does not read it), and for an APNG the chunk
// structure through to IEND: sharp decodes only the default image, never the frames after it.
import { crc32 } from 'node:zlib'
import type { ByteSource } from './file-bytes.js'

export interface PngStructure {
  /** Frames the animation control chunk declares; 1 for a still PNG or malformed input. */
  frames: number
  /** Why an APNG walked to its end is not whole; null when it is, or when it was not walked. */
  problem: string | null
}

const SIGNATURE = '\x89PNG\r\n\x1a\n'
// A chunk is at least 12 bytes; this bounds the walk of a 1 GiB file made of 8 KiB chunks, and hostile ones.
const MAX_CHUNKS = 200_000
const MAX_LENGTH = 0x7fffffff // PNG spec §5.3: chunk lengths are at most 2^31 - 1

/**
 * Walks the chunk headers (8 bytes each; the data between is skipped, not read), so an `acTL` after
 * a large text or EXIF chunk is still found; `acTL` must precede the first IDAT. Without `whole` the
 * walk ends at the first IDAT. With `whole` it goes on to IEND: every chunk must fit in the file
 * (libspng's "read error" does not say the file was cut), and in an APNG every declared frame must
 * have a control chunk and data, and its frame chunks must match their CRC.
 */
export async function pngStructure(file: ByteSource, whole: boolean): Promise<PngStructure> {
  if ((await file.read(0, 8)).toString('latin1') !== SIGNATURE) return { frames: 1, problem: null }
  let frames = 0 // 0 until an acTL is seen
  let imageData = false
  let framesWithData = 0
  let awaitingData = false
  let at = 8
  for (let steps = 0; steps < MAX_CHUNKS; steps++) {
    const header = await file.read(at, 8)
    if (header.length < 8) break // the end of the file (a missing IEND alone loses nothing)
    const length = header.readUInt32BE(0)
    const type = header.toString('latin1', 4, 8)
    if (type === 'IDAT' || type === 'IEND') {
      if (!whole) return { frames: Math.max(frames, 1), problem: null }
      imageData = true
    }
    if (type === 'acTL' && frames === 0 && !imageData) {
      const body = await file.read(at + 8, 4)
      frames = body.length === 4 ? Math.max(1, body.readUInt32BE(0)) : 1
      if (!whole) return { frames, problem: null }
    }
    if (!whole) {
      at += 12 + length
      continue
    }
    if (length > MAX_LENGTH)
      return { frames: Math.max(frames, 1), problem: 'damaged image data (a PNG chunk length over 2^31)' }
    if (at + 12 + length > file.size)
      return {
        frames: Math.max(frames, 1),
        problem: 'truncated image data (a PNG chunk runs past the end of the file)',
      }
    if (type === 'IEND') break
    if (frames > 0 && (type === 'fcTL' || type === 'fdAT')) {
      const chunk = await file.read(at + 4, length + 8) // type, data and CRC
      if (crc32(chunk.subarray(0, length + 4)) !== chunk.readUInt32BE(length + 4)) {
        return { frames, problem: `damaged image data (bad CRC in an APNG ${type} chunk)` }
      }
    }
    if (type === 'fcTL') awaitingData = true
    if ((type === 'IDAT' || type === 'fdAT') && awaitingData) {
      framesWithData++
      awaitingData = false
    }
    at += 12 + length
  }
  if (frames === 0) return { frames: 1, problem: null }
  if (whole && framesWithData < frames)
    return { frames, problem: `truncated image data (${framesWithData} of ${frames} APNG frames)` }
  return { frames, problem: null }
}
