// Download: a URL fetched the way Meta's crawler fetches it, guarded and bounded; failures come back as fetch findings.
import type { RawFinding } from '../rule-types.js'
import { crawlerPool } from './crawler-pool.js'
import type { RobotsCache } from '../services/robots-cache.js'
import { DEADLINE, fetchFailure } from './fetch-errors.js'
import { newProgress, type OmitWindow } from './body.js'
import type { HeadOffer } from './early-head.js'
import { fetchMedia, type Outcome } from './media-fetch.js'
import { robotsFindings } from './robots.js'
import type { DigestWanted, Session } from './session.js'
import type { FetchPolicy } from './timing.js'
import { expiryFindings, notHttpsFinding, urlAsciiFinding } from './url-checks.js'
import { newSource, type SourceFacts } from './source.js'
import type { MediaUrl } from './http-url.js'
import type { ByteRange } from '../media/mp4-sample-places.js'

export type { FetchPolicy } from './timing.js'

export interface DownloadOptions {
  connectTimeoutMs: number
  headersTimeoutMs: number
  bodyTimeoutMs: number
  totalTimeoutMs: number
  /** Off by default: hosts resolving to loopback/private/link-local addresses are refused. */
  allowPrivateNetworks: boolean
  policy: FetchPolicy
  /** Stop reading past this many bytes: the largest file any requested target accepts, plus one. */
  readCap: number
  depth: 'full' | 'quick'
  signal?: AbortSignal
  /** The clock signed URLs are judged against (milliseconds since the epoch). */
  now?: () => number
  /** Wanted: a faststart MP4's head, handed on while the rest downloads (full depth). */
  head?: HeadOffer
  /** robots.txt answers kept across downloads (the service's); absent, each download fetches robots.txt. */
  robots?: RobotsCache
  /**
   * Asked when a body saved from byte 0 starts, with the source facts so far and its announced length: take its
   * SHA-256 as it arrives (the probe cache's key)? Absent, no digest is taken.
   */
  hash?: DigestWanted
  /** Takes room in the service's temp-disk budget before bytes are written (the item's scratch account); absent: no budget. */
  reserve?: (bytes: number) => boolean
  /** With `head`: the bytes of the full body no check will read, filled in from that head while the body streams. */
  omit?: OmitWindow
}

export interface Downloaded {
  source: SourceFacts
  /** True when bytes are on disk. */
  saved: boolean
  /** Only part of the file is on disk: cut at the read cap, or read with depth "quick". */
  partial: boolean
  /** The saved file's SHA-256 when `hash` wanted it and the file is whole; else null. */
  sha256: string | null
  /** The range of the saved file passed over unwritten (`omit`): it reads as zeros. Null when every byte is on disk. */
  omitted: ByteRange | null
  findings: RawFinding[]
}

export async function download(url: MediaUrl, path: string, options: DownloadOptions): Promise<Downloaded> {
  const source = newSource(url.given)
  const findings: RawFinding[] = []
  const ascii = urlAsciiFinding(url)
  if (ascii) findings.push(ascii)
  const start = url.parsed
  if (!start) {
    findings.push({
      rule: 'fetch.unreachable',
      args: { code: 'ERR_INVALID_URL', detail: 'only absolute http(s) URLs can be fetched' },
    })
    return { source, saved: false, partial: false, sha256: null, omitted: null, findings }
  }
  const now = options.now ?? Date.now
  findings.push(...expiryFindings(start, now(), options.policy.expiryWindowS))
  // One controller for the whole fetch: the caller's signal is forwarded into it, not combined with it
  // (AbortSignal.any costs a composite signal and weak references per call). `own` is a stop of this download's.
  const stop = new AbortController()
  let own: Error | null = null
  const stopWith = (reason: Error) => {
    if (!stop.signal.aborted) own = reason
    stop.abort(reason)
  }
  const caller = options.signal
  const forward = () => stop.abort(caller?.reason)
  if (caller?.aborted) forward()
  else caller?.addEventListener('abort', forward, { once: true })
  const timer = setTimeout(() => stopWith(coded(DEADLINE, 'download deadline')), options.totalTimeoutMs)
  const dispatcher = crawlerPool(options)
  const session: Session = {
    path,
    dispatcher,
    signal: stop.signal,
    policy: options.policy,
    readCap: options.readCap,
    depth: options.depth,
    source,
    findings,
    progress: newProgress(),
    expectedLength: null,
    projectedMs: null,
    head: options.head ?? null,
    omit: options.omit ?? null,
    abort: stopWith,
    hash: options.hash ?? null,
    sha256: null,
    reserve: options.reserve ?? null,
    chain: [start],
    finalUrl: start,
  }
  const started = performance.now()
  let outcome: Outcome = { saved: false, partial: false }
  try {
    outcome = await fetchMedia(session, start)
  } catch (error) {
    findings.push(fetchFailure(own ?? error, { ...options, ...failureState(session) }))
  } finally {
    clearTimeout(timer)
    caller?.removeEventListener('abort', forward)
  }
  source.downloadMs = Math.round(performance.now() - started)
  const chain = session.chain
  const https = notHttpsFinding(chain.map((u) => u.href))
  if (https) findings.push(https)
  if (source.finalUrl !== url.given)
    findings.push(...expiryFindings(session.finalUrl, now(), options.policy.expiryWindowS))
  if (source.probeStatus !== null) {
    const robotsSignal = options.signal ?? new AbortController().signal
    findings.push(
      ...(await robotsFindings(chain, {
        dispatcher,
        timeoutMs: options.policy.robotsTimeoutMs,
        signal: robotsSignal,
        cache: options.robots,
      })),
    )
  }
  const sha256 = outcome.saved && !outcome.partial ? session.sha256 : null
  const omitted = outcome.saved ? session.progress.omitted : null
  return { source, saved: outcome.saved, partial: outcome.partial, sha256, omitted, findings }
}

function failureState(s: Session) {
  return {
    bytes: s.progress.wire,
    contentLength: s.expectedLength,
    projectedMs: s.projectedMs,
    projectedStopMs: s.policy.projectedStopMs,
  }
}

const coded = (code: string, message: string): Error => Object.assign(new Error(message), { code })
