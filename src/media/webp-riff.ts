// WebP's RIFF header: a file cut short declares more bytes than it has (libwebp only says "unable to parse").
import type { ByteSource } from './file-bytes.js'

/** Why the RIFF container does not fit the file, null when it does (or the file is not RIFF). */
export async function riffProblem(file: ByteSource): Promise<string | null> {
  const head = await file.read(0, 12)
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF') return null
  const declared = head.readUInt32LE(4) + 8
  return declared > file.size
    ? `truncated image data (the RIFF container declares ${declared} bytes, the file has ${file.size})`
    : null
}
