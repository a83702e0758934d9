// One media fetch in progress: its options, the source facts being filled in, findings so far, and body transfers.
import { open } from 'node:fs/promises'
import type { Dispatcher } from 'undici'
import type { RawFinding } from '../../rule-types.js'
import { TOO_SLOW } from '../fetch-errors.js'
import type { SourceFacts } from '../source.js'
import { newProgress, saveBody, type BodyProgress } from './body.js'
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
  /** Stops the fetch with a coded reason (the projected time is past the limit). */
  abort: (reason: Error) => void
}

export function sendOptions(s: Session, agent: Agent, range: string | null): SendOptions {
  return { dispatcher: s.dispatcher, signal: s.signal, agent, range, maxRedirects: s.policy.redirectMax, warnAbove: s.policy.redirectWarnAbove }
}

/** Copies the headers that matter from the response whose body is judged. */
export function recordResponse(s: Session, { res, url }: Sent): void {
  s.source.finalUrl = url.href
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
}

/** A body to disk at `position`, watched: past the projected-time limit the fetch stops with `TOO_SLOW`. */
export async function transfer(s: Session, sent: Sent, position: number, cap: number): Promise<Transferred> {
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
  await saveBody(sent.res, s.path, { cap, position, onChunk }, progress)
  return { progress, bodyMs: Math.round(performance.now() - started) }
}

/** The first bytes on disk, for HTML sniffing. */
export async function readHead(path: string, length = 16_384): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const buf = Buffer.alloc(length)
    const { bytesRead } = await file.read(buf, 0, length, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}
