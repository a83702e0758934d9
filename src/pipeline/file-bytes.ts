// Reads only the bytes a check needs: the head and tail of a file, without loading the rest.
import { open, type FileHandle } from 'node:fs/promises'

/** The first `headLength` and the last `tailLength` bytes of a file of `size` bytes, through one open handle. */
export async function readEnds(path: string, size: number, headLength: number, tailLength: number): Promise<{ head: Buffer; tail: Buffer }> {
  const handle = await open(path, 'r')
  try {
    const head = await readAt(handle, 0, headLength)
    const from = Math.max(0, size - tailLength)
    // A file that fits in its head needs no second read.
    const tail = size <= head.length ? head.subarray(from) : await readAt(handle, from, size - from)
    return { head, tail }
  } finally {
    await handle.close()
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  return buffer.subarray(0, bytesRead)
}
