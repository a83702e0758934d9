// The head of a faststart MP4, handed on while the rest downloads: with `moov` whole in it, it can be probed already.
import { open, rename, truncate } from 'node:fs/promises'
import { boxHeader, MAX_TOP_LEVEL_BOXES } from '../media/mp4-walk.js'

export interface EarlyHead {
  /** A file as large as the whole one, holding its first `bytes`; the rest reads as zeros. */
  path: string
  /** The whole file's size, from Content-Range. */
  size: number
  /** How many leading bytes are the file's own. */
  bytes: number
}

export interface HeadOffer {
  /** Where the head is moved, out of the way of the full download. */
  path: string
  ready: (head: EarlyHead) => void
}

/**
 * Moves the head at `path` aside and offers it when `moov` lies whole within its `have` bytes, before any `mdat`.
 * The head offered, or null.
 */
export async function offerHead(path: string, have: number, size: number, offer: HeadOffer): Promise<EarlyHead | null> {
  try {
    if (!(await moovWithin(path, have, size))) return null
    await rename(path, offer.path)
    await truncate(offer.path, size) // the same size as the whole: figures that use it (format bitrate) come out the same
    const head = { path: offer.path, size, bytes: have }
    offer.ready(head)
    return head
  } catch {
    // An early head only saves time: without one, the file is probed once it is whole.
    return null
  }
}

async function moovWithin(path: string, have: number, size: number): Promise<boolean> {
  const file = await open(path, 'r')
  try {
    const head = Buffer.alloc(16)
    let offset = 0
    for (let boxes = 0; boxes < MAX_TOP_LEVEL_BOXES && offset + 8 <= have; boxes++) {
      const { bytesRead } = await file.read(head, 0, 16, offset)
      const box = boxHeader(head.subarray(0, bytesRead), offset, size)
      if (!box) return false
      const { type } = box
      const length = box.size ?? 0 // a 64-bit size cut off: no head to offer
      if ((boxes === 0 && type !== 'ftyp') || type === 'mdat' || length < 8) return false
      if (type === 'moov') return offset + length <= have
      offset += length
    }
    return false
  } finally {
    await file.close()
  }
}
