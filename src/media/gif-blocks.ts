// GIF blocks: every frame walked to its end. libvips' GIF loader keeps the frames it could read and
// drops a cut last frame without a word, so a truncated animation would otherwise decode "whole".
import type { ByteSource } from './file-bytes.js'

export interface GifStructure {
  /** Image descriptors whose data is complete. */
  frames: number
  /** Why the file is not whole, null when every block it starts is complete. */
  problem: string | null
}

const WINDOW = 64 * 1024
// Each block is at least 3 bytes: this bounds the walk of hostile input.
const MAX_BLOCKS = 1_000_000
const TRUNCATED = 'truncated image data (the GIF ends inside a block)'

/** Walks the blocks of a GIF. The end of the file right after a complete block (no trailer) loses nothing. */
export async function gifStructure(file: ByteSource): Promise<GifStructure> {
  const header = await file.read(0, 13)
  if (header.length < 13 || !header.toString('latin1', 0, 3).startsWith('GIF')) return { frames: 0, problem: TRUNCATED }
  let at = 13 + colorTable(header[10] ?? 0)
  let frames = 0
  for (let steps = 0; steps < MAX_BLOCKS; steps++) {
    if (at > file.size) return { frames, problem: TRUNCATED }
    const intro = await file.read(at, 11)
    if (intro.length === 0 || intro[0] === 0x3b) return { frames, problem: null } // end of file, or the trailer
    if (intro[0] === 0x21) {
      // Extension: a label, then sub-blocks.
      const end = await skipSubBlocks(file, at + 2)
      if (end === null) return { frames, problem: TRUNCATED }
      at = end
    } else if (intro[0] === 0x2c) {
      // Image descriptor (10 bytes with its introducer), local colour table, LZW code size, sub-blocks.
      if (intro.length < 10) return { frames, problem: TRUNCATED }
      const end = await skipSubBlocks(file, at + 10 + colorTable(intro[9] ?? 0) + 1)
      if (end === null) return { frames, problem: TRUNCATED }
      frames++
      at = end
    } else {
      return { frames, problem: `damaged image data (an unknown GIF block 0x${(intro[0] ?? 0).toString(16)})` }
    }
  }
  return { frames, problem: 'damaged image data (too many GIF blocks)' }
}

function colorTable(packed: number): number {
  return packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0
}

/** The offset after a chain of sub-blocks (length byte, data) and its zero terminator; null past the end of the file. */
async function skipSubBlocks(file: ByteSource, from: number): Promise<number | null> {
  let at = from
  for (;;) {
    const window = await file.read(at, WINDOW)
    if (window.length === 0) return null
    let i = 0
    while (i < window.length) {
      const length = window[i] ?? 0
      if (length === 0) return at + i + 1
      i += 1 + length
    }
    at += i
  }
}
