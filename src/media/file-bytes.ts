// Reads only the bytes a check needs: any range of a file, through a small block cache.
import { open, type FileHandle } from 'node:fs/promises'

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  return buffer.subarray(0, bytesRead)
}

/** Random access to a file's bytes, for readers that walk segment and chunk headers through it. */
export interface ByteSource {
  readonly size: number
  /** Up to `length` bytes from `position`: fewer at the end of the file. */
  read(position: number, length: number): Promise<Buffer>
}

// Headers are read a few bytes at a time: one block read serves every header inside it.
const BLOCK = 64 * 1024

/** A file opened for header walks; reads go through one cached block. Close it with `await using`. */
export async function openBytes(path: string, size: number): Promise<ByteSource & AsyncDisposable> {
  const handle = await open(path, 'r')
  let block: { start: number; bytes: Buffer } = { start: 0, bytes: Buffer.alloc(0) }
  return {
    size,
    async read(position, length) {
      const end = Math.min(position + length, size)
      if (position < block.start || end > block.start + block.bytes.length) {
        // A read larger than a block (an MPF segment, an fdAT chunk) is read whole, once.
        block = { start: position, bytes: await readAt(handle, position, Math.max(BLOCK, end - position)) }
      }
      return block.bytes.subarray(position - block.start, end - block.start)
    },
    [Symbol.asyncDispose]: () => handle.close(),
  }
}

/** The same access over bytes already in memory (tests, and readers given a buffer). */
export function bufferBytes(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    read: (position, length) => Promise.resolve(bytes.subarray(position, Math.min(position + length, bytes.length))),
  }
}
