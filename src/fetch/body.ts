// A response body to disk: counted on the wire, decoded (gzip, deflate), cut at the read cap, the temp-disk
// budget or a decoded size far past the wire size. Never held in memory.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { pipeline, Transform, type Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { createGunzip, createInflate } from 'node:zlib'
import { scavenger } from './scavenge.js'
import type { Response } from './http.js'
import { header, lengthOf } from './http.js'

/** Live counters: still valid when the body fails half-way, so the caller can say how far it got. */
export interface BodyProgress {
  /** Bytes as sent (before decoding): what Content-Length counts. */
  wire: number
  /** Bytes written to disk. */
  bytes: number
  /** Why reading stopped short: the read cap, the temp-disk budget, or a decoded size far past the wire size; null: it did not. */
  stop: BodyStop | null
}

export type BodyStop = 'read_cap' | 'disk_budget' | 'decoded_size'

/** How far a Content-Encoding may inflate a body: past both bounds, decoding stops. */
export interface DecodedBound {
  /** Decoded bytes per wire byte. */
  ratio: number
  /** Below this many decoded bytes any ratio is allowed (small bodies compress well). */
  floorBytes: number
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
  /**
   * Takes room in the temp-disk budget for bytes about to be written; false stops reading. Absent: no budget.
   * A plain body with a Content-Length takes its room at once, so downloads that overlap cannot all stall half-way.
   */
  reserve?: (bytes: number) => boolean
  /** Where decoding an encoded body stops. */
  decoded: DecodedBound
}

const WRITE_BUFFER_BYTES = 1024 * 1024

export function newProgress(): BodyProgress {
  return { wire: 0, bytes: 0, stop: null }
}

/** The request's own abort signal and undici's body timeout end a stalled body: this loop has no wait of its own. */
export async function saveBody(res: Response, path: string, o: SaveOptions, progress: BodyProgress): Promise<void> {
  const count = (wire: number) => {
    progress.wire += wire
    o.onChunk?.(progress.wire)
  }
  const decoder = decoderFor(header(res.headers, 'content-encoding'))
  const announced = decoder ? null : lengthOf(res.headers)
  const prepaid = announced === null ? 0 : Math.min(announced, o.cap)
  if (prepaid > 0 && o.reserve?.(prepaid) === false) {
    progress.stop = 'disk_budget'
    res.body.destroy() // not a byte read: the connection is dropped rather than drained
    return
  }
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
  const source: AsyncIterable<Buffer> =
    decoder && counter ? (pipeline(res.body, counter, decoder, () => undefined) as Readable) : res.body
  // A 1 MiB write buffer: the default 16 KiB one makes a drain wait (and a write syscall) per few socket chunks.
  const placement = o.position === 0 ? { flags: 'w' } : { flags: 'r+', start: o.position }
  const file = createWriteStream(path, { ...placement, highWaterMark: WRITE_BUFFER_BYTES })
  const scavenge = scavenger()
  // Room past what was taken up front, before the piece is written; false: no room.
  const roomFor = (piece: number): boolean => {
    const beyond = progress.bytes + piece - Math.max(prepaid, progress.bytes)
    return beyond <= 0 || o.reserve?.(beyond) !== false
  }
  try {
    for await (const chunk of source) {
      if (!counter) count(chunk.length)
      const room = o.cap - progress.bytes
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk
      // Refused pieces are not written: what is on disk stays within the decoded bound and the budget.
      const refused =
        counter && inflated(progress, piece.length, o.decoded)
          ? 'decoded_size'
          : roomFor(piece.length)
            ? null
            : 'disk_budget'
      if (refused) {
        progress.stop = refused
        break // leaving the loop destroys the stages, and with them the response body
      }
      progress.bytes += piece.length
      if (piece.length > 0) o.onBytes?.(piece)
      scavenge(chunk.length)
      if (piece.length > 0 && !file.write(piece)) await once(file, 'drain')
      if (chunk.length > room) {
        progress.stop = 'read_cap'
        break
      }
    }
  } finally {
    file.end()
    await finished(file)
  }
}

/** A decoded body past the floor and past `ratio` times its wire bytes: a decompression bomb, not media. */
function inflated(progress: BodyProgress, adding: number, bound: DecodedBound): boolean {
  const decoded = progress.bytes + adding
  return decoded > bound.floorBytes && decoded > bound.ratio * progress.wire
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
