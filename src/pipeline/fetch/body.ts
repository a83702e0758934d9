// A response body to disk: counted on the wire, decoded (gzip, deflate), cut at the read cap. Never held in memory.
import { createWriteStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createInflate } from 'node:zlib'
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
  /** Stop once this many decoded bytes are written. */
  cap: number
  /** Where in the file the body goes: 0 replaces the file, more writes into it (ranges of a sparse file). */
  position: number
  signal: AbortSignal
  /** Called after each wire chunk, with the total so far (throughput watch). */
  onChunk?: (wire: number) => void
}

export function newProgress(): BodyProgress {
  return { wire: 0, bytes: 0, capped: false }
}

export async function saveBody(res: Response, path: string, o: SaveOptions, progress: BodyProgress): Promise<void> {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      progress.wire += chunk.length
      o.onChunk?.(progress.wire)
      done(null, chunk)
    },
  })
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const room = o.cap - progress.bytes
      if (chunk.length >= room) {
        progress.bytes += room
        progress.capped = true
        this.push(chunk.subarray(0, room))
        this.push(null)
        res.body.destroy()
        return done()
      }
      progress.bytes += chunk.length
      done(null, chunk)
    },
  })
  const file = createWriteStream(path, o.position === 0 ? { flags: 'w' } : { flags: 'r+', start: o.position })
  const stages: Readable[] = [res.body, counter, ...decoder(header(res.headers, 'content-encoding')), cap]
  await pipeline([...stages, file], { signal: o.signal }).catch((error: unknown) => {
    if (!progress.capped) throw error
  })
}

function decoder(encoding: string | null): Transform[] {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return [createGunzip()]
    case 'deflate':
      return [createInflate()]
    default:
      return []
  }
}
