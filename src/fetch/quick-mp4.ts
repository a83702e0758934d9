// depth "quick" for MP4/QuickTime: find `moov` from top-level box headers, wherever it is, by range reads.
import { open, type FileHandle } from 'node:fs/promises'
import { boxHeader, MAX_TOP_LEVEL_BOXES } from '../media/mp4-walk.js'

/** Writes bytes start..end (inclusive) of the remote file into the local file at the same offset. */
export type RangeWriter = (start: number, end: number) => Promise<void>

// Bounds on what a quick read may cost: box headers walked (MAX_TOP_LEVEL_BOXES), and the largest moov fetched.
const MAX_MOOV_BYTES = 64 * 1024 * 1024
const HEADER = 16 // a box header with its 64-bit size

/**
 * With the file's first `have` bytes on disk and its `size` known, fetches the top-level box headers
 * past the head and the whole `moov`, so ffprobe can read the sparse file as if it were whole.
 * `not_bmff`: the bytes are not ISO BMFF (the head alone is all there is); `missing`: `moov` was not found
 * within the bounds, so the file has to be read whole.
 */
export type MoovSearch = 'found' | 'not_bmff' | 'missing'

export async function fetchMoov(path: string, have: number, size: number, write: RangeWriter): Promise<MoovSearch> {
  const file = await open(path, 'r+')
  try {
    return await walk(file, have, size, write)
  } finally {
    await file.close()
  }
}

async function walk(file: FileHandle, have: number, size: number, write: RangeWriter): Promise<MoovSearch> {
  const first = Buffer.alloc(8)
  await file.read(first, 0, 8, 0)
  if (have < 8 || first.toString('latin1', 4, 8) !== 'ftyp') return 'not_bmff'
  await file.truncate(size) // the holes read as zeros; ffprobe only seeks past them
  const headerAt = async (offset: number): Promise<Buffer> => {
    const end = Math.min(offset + HEADER, size) - 1
    if (end >= have) await write(Math.max(offset, have), end)
    const buf = Buffer.alloc(end - offset + 1)
    await file.read(buf, 0, buf.length, offset)
    return buf
  }
  let offset = 0
  for (let boxes = 0; boxes < MAX_TOP_LEVEL_BOXES && offset + 8 <= size; boxes++) {
    const box = boxHeader(await headerAt(offset), offset, size)
    const length = box?.size ?? 0 // no header, or a 64-bit size cut off by the end of the file
    if (length < 8 || offset + length > size) return 'missing'
    const type = box!.type
    if (type === 'moov') {
      if (length > MAX_MOOV_BYTES) return 'missing'
      const end = offset + length - 1
      if (end >= have) await write(Math.max(offset, have), end)
      return 'found'
    }
    offset += length
  }
  return 'missing'
}
