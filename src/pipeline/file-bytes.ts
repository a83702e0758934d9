// Reads only the bytes a check needs: the head of a file, without loading the rest.
import { open } from 'node:fs/promises'

/** Up to `length` bytes from `position` (fewer at the end of the file). */
export async function readBytes(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, position)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
