// A response body to disk: counted on the wire, decoded (gzip, deflate), cut at the read cap. Never held in memory.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { pipeline, Transform, type Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { createGunzip, createInflate } from 'node:zlib'
import { scavenger } from '../../services/scavenge.js'
import type { Response } from './http.js'
import { header } from './http.js'

/** Live counters: still valid when the body fails half-way, so the caller can say how far it got. */
export interface BodyProgress {
  /** Bytes as sent (before decoding): what Content-Length counts. */
  wire: number
  /** Bytes written to disk. */
  bytes: number
  /** Reading stopped at the cap. */
  capped: boolean
}

export interface SaveOptions {
  /** Write at most this many decoded bytes; past it, reading stops. */
  cap: number
  /** Where in the file the body goes: 0 replaces the file, more writes into it (ranges of a sparse file). */
  position: number
  /** Called after each wire chunk, with the total so far (throughput watch). */
  onChunk?: (wire: number) => void
  /** Called with each piece before it is written (the first bytes and the digest, kept as they pass). */
  onBytes?: (piece: Buffer) => void
}

const WRITE_BUFFER_BYTES = 1024 * 1024

export function newProgress(): BodyProgress {
  return { wire: 0, bytes: 0, capped: false }
}

/** The request's own abort signal and undici's body timeout end a stalled body: this loop has no wait of its own. */
export async function saveBody(res: Response, path: string, o: SaveOptions, progress: BodyProgress): Promise<void> {
  const count = (wire: number) => {
    progress.wire += wire
    o.onChunk?.(progress.wire)
  }
  const decoder = decoderFor(header(res.headers, 'content-encoding'))
  // A plain body is read as it comes (counted in the loop); an encoded one is counted before its decoder.
  // pipeline (callback form) destroys every stage when one fails, so the loop below sees the error.
  const counter = decoder
    ? new Transform({
        transform(chunk: Buffer, _encoding, done) {
          count(chunk.length)
          done(null, chunk)
        },
      })
    : null
  const source: AsyncIterable<Buffer> = decoder && counter ? (pipeline(res.body, counter, decoder, () => undefined) as Readable) : res.body
  // A 1 MiB write buffer: the default 16 KiB one makes a drain wait (and a write syscall) per few socket chunks.
  const placement = o.position === 0 ? { flags: 'w' } : { flags: 'r+', start: o.position }
  const file = createWriteStream(path, { ...placement, highWaterMark: WRITE_BUFFER_BYTES })
  const scavenge = scavenger()
  try {
    for await (const chunk of source) {
      if (!counter) count(chunk.length)
      const room = o.cap - progress.bytes
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk
      progress.bytes += piece.length
      if (piece.length > 0) o.onBytes?.(piece)
      scavenge(chunk.length)
      if (piece.length > 0 && !file.write(piece)) await once(file, 'drain')
      if (chunk.length > room) {
        progress.capped = true
        break // leaving the loop destroys the stages, and with them the response body
      }
    }
  } finally {
    file.end()
    await finished(file)
  }
}

/** A decoder for the Content-Encoding the crawler asks for (gzip, deflate), or null for an identity body. */
export function decoderFor(encoding: string | null): Transform | null {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip()
    case 'deflate':
      return createInflate()
    default:
      return null
  }
}
