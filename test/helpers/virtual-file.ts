// A file made of buffers and runs of zeros, served with or without Range support; nothing large is held in memory.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'

export type Part = Buffer | { zeros: number } | { box: string; size: number }

const lengthOf = (p: Part): number => (Buffer.isBuffer(p) ? p.length : 'zeros' in p ? p.zeros : p.size)

/** Bytes start..end (inclusive) of the parts, produced in 64 KiB pieces. */
function* bytesOf(parts: readonly Part[], start: number, end: number): Generator<Buffer> {
  let offset = 0
  for (const part of parts) {
    const length = lengthOf(part)
    const from = Math.max(start, offset)
    const to = Math.min(end + 1, offset + length)
    for (let at = from; at < to; at += 65_536) {
      const stop = Math.min(to, at + 65_536)
      if (Buffer.isBuffer(part)) yield part.subarray(at - offset, stop - offset)
      else if ('zeros' in part) yield Buffer.alloc(stop - at)
      else {
        const piece = Buffer.alloc(stop - at)
        const header = Buffer.alloc(8)
        header.writeUInt32BE(part.size, 0)
        header.write(part.box, 4, 'latin1')
        // Only the bytes of the 8-byte header that fall inside this piece.
        for (let i = at; i < Math.min(stop, offset + 8); i++) piece[i - at] = header[i - offset]!
        yield piece
      }
    }
    offset += length
  }
}

/** Every byte of the parts, in order (to write the same file to disk). */
export function allBytes(parts: readonly Part[]): Generator<Buffer> {
  return bytesOf(parts, 0, parts.reduce((n, p) => n + lengthOf(p), 0) - 1)
}

export interface Served {
  /** Body bytes sent so far, and requests answered. */
  sentBytes: number
  requests: number
  handler: (req: IncomingMessage, res: ServerResponse) => void
}

/**
 * Serves `parts` as `type`, honouring `Range: bytes=a-b` exactly (unless `ranges` is false).
 * `pauseMs` > 0 serves a body that is not a range slowly: one 64 KiB piece per pause.
 */
export function virtualFile(parts: readonly Part[], type: string, ranges = true, pauseMs = 0): Served {
  const size = parts.reduce((n, p) => n + lengthOf(p), 0)
  const served: Served = {
    sentBytes: 0,
    requests: 0,
    handler: (req, res) => {
      served.requests += 1
      const m = ranges ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '') : null
      const start = m ? Number(m[1]) : 0
      const end = m && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1
      const headers = {
        'content-type': type,
        'content-length': String(end - start + 1),
        'accept-ranges': ranges ? 'bytes' : 'none',
      }
      res.writeHead(m ? 206 : 200, m ? { ...headers, 'content-range': `bytes ${start}-${end}/${size}` } : headers)
      const pieces = bytesOf(parts, start, end)
      const slow = pauseMs > 0 && !m
      let timer: NodeJS.Timeout | undefined
      const pump = () => {
        for (let next = pieces.next(); !next.done; next = pieces.next()) {
          served.sentBytes += next.value.length
          if (slow) return void (timer = setTimeout(() => (res.write(next.value), pump()), pauseMs))
          if (!res.write(next.value)) return void res.once('drain', pump)
        }
        res.end()
      }
      res.on('close', () => {
        clearTimeout(timer)
        pieces.return(undefined)
      })
      pump()
    },
  }
  return served
}

/** The top-level boxes of an MP4 file, as buffers by type (the sample clip: ftyp, moov, free, mdat). */
export function mp4Boxes(path: string): Map<string, Buffer> {
  const bytes = readFileSync(path)
  const boxes = new Map<string, Buffer>()
  for (let at = 0; at + 8 <= bytes.length;) {
    const size = bytes.readUInt32BE(at)
    boxes.set(bytes.toString('latin1', at + 4, at + 8), bytes.subarray(at, at + size))
    at += size
  }
  return boxes
}
