// One media fetch in progress: its options, the source facts being filled in, findings so far, and body transfers.
import { createHash } from 'node:crypto'
import type { Dispatcher } from 'undici'
import type { RawFinding } from '../rule-types.js'
import { TOO_SLOW } from './fetch-errors.js'
import type { SourceFacts } from './source.js'
import { newProgress, saveBody, type BodyProgress, type OmitWindow } from './body.js'
import type { Agent } from './crawler.js'
import type { HeadOffer } from './early-head.js'
import { header, lengthOf, type Sent, type SendOptions } from './http.js'
import { projectedMs, type FetchPolicy } from './timing.js'

export interface Session {
  path: string
  dispatcher: Dispatcher
  signal: AbortSignal
  policy: FetchPolicy
  readCap: number
  depth: 'full' | 'quick'
  source: SourceFacts
  findings: RawFinding[]
  /** The transfer under way, for the failure table: how far its body got and what it announced. */
  progress: BodyProgress
  expectedLength: number | null
  projectedMs: number | null
  /** Where a faststart MP4's head goes to be probed while the rest downloads; null: not wanted. */
  head: HeadOffer | null
  /** What of the full body no check will read, learnt from that head while the body streams; null: write it all. */
  omit: OmitWindow | null
  /** Stops the fetch with a coded reason (the projected time is past the limit). */
  abort: (reason: Error) => void
  /** Whether a body saved from byte 0 is hashed as it passes (the probe cache's key); null: none is. */
  hash: DigestWanted | null
  /** That digest, for the file on disk when its last transfer started at byte 0 and ended; null otherwise. */
  sha256: string | null
  /** Takes room in the service's temp-disk budget before bytes are written; null: no budget. */
  reserve: ((bytes: number) => boolean) | null
  /** The crawler probe's URLs as parsed by `follow`: the start, then each redirect's target. */
  chain: URL[]
  /** `source.finalUrl` as parsed: the URL whose response is judged. */
  finalUrl: URL
}

/** Asked as a body saved from byte 0 starts: the source facts so far, and the length its response announced. */
export type DigestWanted = (source: SourceFacts, length: number | null) => boolean

export function sendOptions(s: Session, agent: Agent, range: string | null): SendOptions {
  return {
    dispatcher: s.dispatcher,
    signal: s.signal,
    agent,
    range,
    maxRedirects: s.policy.redirectMax,
    warnAbove: s.policy.redirectWarnAbove,
  }
}

/** Copies the headers that matter from the response whose body is judged. */
export function recordResponse(s: Session, { res, url }: Sent): void {
  s.source.finalUrl = url.href
  s.finalUrl = url
  s.source.status = res.statusCode
  s.source.contentType = header(res.headers, 'content-type')
  s.source.contentLength = lengthOf(res.headers)
  s.source.acceptRanges = header(res.headers, 'accept-ranges')
  s.source.cacheControl = header(res.headers, 'cache-control')
  s.source.etag = header(res.headers, 'etag')
  s.source.lastModified = header(res.headers, 'last-modified')
}

export interface Transferred {
  progress: BodyProgress
  bodyMs: number
  /** The body's first bytes as saved (up to 16 KiB), for HTML sniffing without reading the file back. */
  head: Buffer
}

// What HTML sniffing reads of a body (fetch/html.ts looks at no more).
const HEAD_BYTES = 16_384

/**
 * A body to disk at `position`, watched: past the projected-time limit the fetch stops with `TOO_SLOW`. With `omit`,
 * the bytes its window names (once it names some) are counted and passed over.
 */
export async function transfer(
  s: Session,
  sent: Sent,
  position: number,
  cap: number,
  omit: OmitWindow | null = null,
): Promise<Transferred> {
  const progress = newProgress()
  s.progress = progress
  s.expectedLength = position === 0 ? lengthOf(sent.res.headers) : null
  const started = performance.now()
  const onChunk = (wire: number) => {
    const timing = { ttfbMs: sent.ttfbMs, bodyMs: performance.now() - started, wire, size: s.expectedLength }
    const projected = projectedMs(timing, s.policy)
    if (projected !== null && projected > s.policy.projectedStopMs) {
      s.projectedMs = projected
      s.abort(Object.assign(new Error('projected download time past the limit'), { code: TOO_SLOW }))
    }
  }
  const head = Buffer.allocUnsafe(HEAD_BYTES)
  let headLength = 0
  // Only a body written from byte 0 is the whole file on disk: any other transfer leaves no digest.
  const hash = position === 0 && s.hash?.(s.source, s.expectedLength) ? createHash('sha256') : null
  s.sha256 = null
  const onBytes = (piece: Buffer) => {
    if (headLength < HEAD_BYTES) headLength += piece.copy(head, headLength)
    hash?.update(piece)
  }
  const decoded = { ratio: s.policy.decodedRatioMax, floorBytes: s.policy.decodedFloorBytes }
  await saveBody(
    sent.res,
    s.path,
    { cap, position, onChunk, onBytes, decoded, reserve: s.reserve ?? undefined, omit: omit ?? undefined },
    progress,
  )
  if (hash) s.sha256 = hash.digest('hex')
  return { progress, bodyMs: Math.round(performance.now() - started), head: head.subarray(0, headLength) }
}
