// A response body to disk: counted on the wire, decoded (gzip, deflate), cut at the read cap, the temp-disk
// budget or a decoded size far past the wire size. Never held in memory.
import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { pipeline, Transform, type Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { createGunzip, createInflate } from 'node:zlib'
import { scavenger } from './scavenge.js'
import type { Response } from './http.js'
import { header, lengthOf } from './http.js'
import type { ByteRange } from '../media/mp4-sample-places.js'
import type { EarlyHead } from './early-head.js'

/** Live counters: still valid when the body fails half-way, so the caller can say how far it got. */
export interface BodyProgress {
  /** Bytes as sent (before decoding): what Content-Length counts. */
  wire: number
  /** Bytes of the body saved: written to disk, or passed over in its omitted range. */
  bytes: number
  /** The range passed over unwritten (it reads as zeros); null when every byte was written. */
  omitted: ByteRange | null
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
  /** Bytes no check will read, known while the body streams (a faststart MP4's middle): counted, not written. */
  omit?: OmitWindow
}

/** Bytes of a body to pass over unwritten: `range`, once set (while the body streams, even), and not yet written. */
export interface OmitWindow {
  range: ByteRange | null
  /** What of the whole file no check reads, told from its head (a faststart MP4's moov); null: nothing. */
  learn: (head: EarlyHead) => Promise<ByteRange | null>
}

const WRITE_BUFFER_BYTES = 1024 * 1024

export function newProgress(): BodyProgress {
  return { wire: 0, bytes: 0, stop: null, omitted: null }
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
  const file = new BodyFile(path, o.position, o.omit ?? null, progress)
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
      const at = o.position + progress.bytes
      progress.bytes += piece.length
      if (piece.length > 0) o.onBytes?.(piece)
      scavenge(chunk.length)
      if (piece.length > 0) await file.write(piece, at)
      if (chunk.length > room) {
        progress.stop = 'read_cap'
        break
      }
    }
  } finally {
    await file.close()
  }
}

/**
 * The file a body is written to, in order, except for the bytes of an omit window: those are passed over (the file
 * keeps a hole there) and the rest is written at its place by a second stream. One window a body, at most.
 */
class BodyFile {
  #stream: WriteStream
  #omit: OmitWindow | null
  #progress: BodyProgress
  #path: string
  #resumed = false

  constructor(path: string, position: number, omit: OmitWindow | null, progress: BodyProgress) {
    const placement = position === 0 ? { flags: 'w' } : { flags: 'r+', start: position }
    this.#stream = createWriteStream(path, { ...placement, highWaterMark: WRITE_BUFFER_BYTES })
    this.#path = path
    this.#omit = omit
    this.#progress = progress
  }

  /** `piece` belongs at byte `at` of the file. */
  async write(piece: Buffer, at: number): Promise<void> {
    let rest = piece
    let position = at
    const window = this.#omit?.range
    if (window && this.#progress.omitted === null && position < window.to && position + rest.length > window.from) {
      const from = Math.max(window.from, position) // a window learnt late starts where the body is
      await this.#put(rest.subarray(0, from - position))
      this.#progress.omitted = { from, to: window.to }
      rest = rest.subarray(from - position)
      position = from
    }
    const omitted = this.#progress.omitted
    if (omitted && !this.#resumed) {
      const skip = Math.max(0, Math.min(rest.length, omitted.to - position))
      rest = rest.subarray(skip)
      position += skip
      if (rest.length === 0) return
      // The first byte past the window: the rest is written at its place.
      this.#resumed = true
      this.#stream.end()
      await finished(this.#stream)
      this.#stream = createWriteStream(this.#path, { flags: 'r+', start: position, highWaterMark: WRITE_BUFFER_BYTES })
    }
    await this.#put(rest)
  }

  async #put(piece: Buffer): Promise<void> {
    if (piece.length > 0 && !this.#stream.write(piece)) await once(this.#stream, 'drain')
  }

  async close(): Promise<void> {
    this.#stream.end()
    await finished(this.#stream)
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
