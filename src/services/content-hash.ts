// Content hashes: sha256 of a file, read in bounded chunks, never held whole in memory.
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'

// A plain read loop over one buffer: a stream pipeline costs more than the hashing for small images.
const CHUNK = 256 * 1024

export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(CHUNK)
    for (;;) {
      signal?.throwIfAborted()
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
    }
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}
