// The crawler-faithful fetch (PLATFORM-RULES.md §7.2 steps 3-5): Range probe, browser comparison, full or quick read.
import type { RawFinding } from '../rule-types.js'
import { PROBE_END } from './crawler.js'
import { htmlKind, looksLikeHtml } from './html.js'
import { follow, header, send, type Sent } from './http.js'
import type { BodyProgress } from './body.js'
import type { ByteRange } from '../media/mp4-sample-places.js'
import { offerHead } from './early-head.js'
import { fetchMoov } from './quick-mp4.js'
import { judgeRange, parseContentRange } from './range.js'
import { recordResponse, sendOptions, transfer, type Session } from './session.js'
import { slowFindings } from './timing.js'
import { discard } from './discard.js'

export interface Outcome {
  /** Bytes are on disk. */
  saved: boolean
  /** Only part of the file is on disk (cut at the read cap, or read quickly). */
  partial: boolean
}

const NOTHING: Outcome = { saved: false, partial: false }
// Refusals a bot filter gives: worth one comparison with a browser (PLATFORM-RULES.md §7.2 step 4).
const BLOCKING = new Set([401, 403, 407, 429, 451])
const isOk = (status: number) => status >= 200 && status <= 299
const transient = (status: number) => status === 429 || status >= 500

export async function fetchMedia(s: Session, start: URL): Promise<Outcome> {
  const probe = await follow(start, sendOptions(s, 'crawler', `bytes=0-${PROBE_END}`))
  s.source.redirects = probe.redirects
  s.chain = probe.chain
  if (!probe.sent) return fail(s, probe.finding)
  const hops = probe.redirects.length
  if (hops > s.policy.redirectWarnAbove) {
    const args = { hops, max: s.policy.redirectMax, warnAbove: s.policy.redirectWarnAbove, reason: 'many' } as const
    s.findings.push({ rule: 'fetch.redirects', args, tier: 'many' })
  }
  const { res, url } = probe.sent
  s.source.probeStatus = res.statusCode
  s.source.ttfbMs = probe.sent.ttfbMs
  recordResponse(s, probe.sent)
  if (BLOCKING.has(res.statusCode) || res.statusCode >= 500)
    return compareWithBrowser(s, start, { status: res.statusCode, head: null })
  if (res.statusCode === 416) return afterRefusedRange(s, probe.sent)
  if (!isOk(res.statusCode)) return fail(s, statusFinding(res.statusCode, url))
  const { progress, bodyMs, head } = await transfer(s, probe.sent, 0, s.readCap)
  if (refused(progress)) return finish(s, probe.sent, progress, bodyMs)
  if (looksLikeHtml(head)) return compareWithBrowser(s, start, { status: res.statusCode, head })
  if (res.statusCode !== 206) return finish(s, probe.sent, progress, bodyMs)
  const judged = judgeRange(header(res.headers, 'content-range'), progress.wire)
  if (judged.finding) s.findings.push(judged.finding)
  const size = judged.range?.size ?? null
  s.source.contentLength = size
  if (size !== null && judged.range?.end === size - 1 && progress.bytes === size)
    return finish(s, probe.sent, progress, bodyMs)
  if (s.depth === 'quick' && size !== null && !judged.finding && header(res.headers, 'content-encoding') === null) {
    const quick = await quickRead(s, url, progress.bytes, size)
    if (quick) return quick
  }
  // Full depth reads the file again from byte 0: a faststart head already here can be probed meanwhile.
  if (
    s.head &&
    s.depth === 'full' &&
    size !== null &&
    !judged.finding &&
    header(res.headers, 'content-encoding') === null
  ) {
    // The head's facts stand in for the whole file's, which then needs no digest for the probe cache; what they
    // say no check reads of the body (s.omit, filled in while it streams) is not written.
    const head = await offerHead(s.path, progress.bytes, size, s.head)
    if (head) {
      s.hash = null
      // Learnt while the full GET is sent, and waited for before its first byte is written.
      return fullGet(
        s,
        url,
        s.omit?.learn(head).catch(() => null),
      )
    }
  }
  return fullGet(s, url)
}

/** The crawler was refused or given HTML: one browser GET tells a blocked crawler from a broken URL. */
async function compareWithBrowser(
  s: Session,
  start: URL,
  crawler: { status: number; head: Buffer | null },
): Promise<Outcome> {
  const browser = await follow(start, sendOptions(s, 'browser', null)).catch(() => null)
  const sent = browser?.sent
  if (sent && isOk(sent.res.statusCode) && sent.res.statusCode !== 206) {
    const { progress, bodyMs, head } = await transfer(s, sent, 0, s.readCap)
    if (!looksLikeHtml(head)) {
      const reason = crawler.head ? 'html' : 'status'
      s.findings.push({
        rule: 'fetch.crawler_blocked',
        args: { reason, status: crawler.head ? null : crawler.status, detail: null },
      })
      s.source.servedTo = 'browser'
      return finish(s, sent, progress, bodyMs)
    }
  } else {
    await discard(sent?.res.body)
  }
  if (crawler.head) return fail(s, { rule: 'fetch.html', args: htmlKind(crawler.head) })
  return fail(s, statusFinding(crawler.status, s.finalUrl))
}

/** 416 to Meta's probe: the server must then serve the whole file to a plain GET; if it has bytes, the 416 was wrong. */
async function afterRefusedRange(s: Session, probe: Sent): Promise<Outcome> {
  await discard(probe.res.body)
  const outcome = await fullGet(s, probe.url)
  if (s.source.bytes > 0) s.findings.push({ rule: 'fetch.range', args: { problem: 'status_416', detail: 'HTTP 416' } })
  return outcome
}

/** The whole body without Range, to disk (but for what `omitting` names: `s.omit`), as `depth: "full"` reads it. */
async function fullGet(s: Session, url: URL, omitting?: Promise<ByteRange | null>): Promise<Outcome> {
  const sent = await send(url, sendOptions(s, 'crawler', null))
  recordResponse(s, sent)
  if (!isOk(sent.res.statusCode)) {
    await discard(sent.res.body)
    return fail(s, statusFinding(sent.res.statusCode, url))
  }
  const omit = omitting && s.omit
  if (omit) omit.range = await omitting
  const { progress, bodyMs } = await transfer(s, sent, 0, s.readCap, omit || null)
  return finish(s, sent, progress, bodyMs)
}

/** depth "quick": the probe's head, plus for MP4 the box headers and `moov` by range; null to read the file whole. */
async function quickRead(s: Session, url: URL, have: number, size: number): Promise<Outcome | null> {
  let read = have
  const write = async (start: number, end: number) => {
    const sent = await send(url, sendOptions(s, 'crawler', `bytes=${start}-${end}`))
    const range = parseContentRange(header(sent.res.headers, 'content-range'))
    if (sent.res.statusCode !== 206 || range?.start !== start) {
      await discard(sent.res.body)
      throw new Error(`range ${start}-${end} not served`)
    }
    const { progress } = await transfer(s, sent, start, end - start + 1)
    read += progress.bytes
  }
  const moov = await fetchMoov(s.path, have, size, write).catch(() => 'missing' as const)
  if (moov === 'missing') return null
  s.source.bytes = read
  s.source.unverified = [
    `that the whole body is served: ${read} of ${size} bytes were read`,
    'download time and throughput over the whole file',
    moov === 'found'
      ? 'the media data itself (streams were read from the moov box)'
      : 'anything past the first bytes of the file',
  ]
  if (size >= s.readCap)
    s.findings.push({ rule: 'fetch.too_large', args: { cap: s.readCap, contentLength: size, reason: 'read_cap' } })
  return { saved: true, partial: true }
}

/** Reading stopped for preflight's own sake (disk budget, decoded bound): what is on disk is all there will be. */
const refused = ({ stop }: BodyProgress) => stop === 'disk_budget' || stop === 'decoded_size'

/** After a body is on disk: the size, speed, truncation, cap, budget and decoding findings of that transfer. */
function finish(s: Session, sent: Sent, progress: BodyProgress, bodyMs: number): Outcome {
  s.source.bytes = progress.bytes
  s.source.throughputBps = bodyMs > 0 ? Math.round((progress.wire * 1000) / bodyMs) : null
  const announced = s.expectedLength
  const timing = {
    ttfbMs: s.source.ttfbMs ?? sent.ttfbMs,
    bodyMs,
    wire: progress.wire,
    size: s.source.contentLength ?? announced,
  }
  s.findings.push(...slowFindings(timing, s.policy))
  if (progress.stop === 'read_cap') {
    s.findings.push({
      rule: 'fetch.too_large',
      args: { cap: s.readCap, contentLength: s.source.contentLength, reason: 'read_cap' },
    })
    return { saved: true, partial: true }
  }
  // The service's limit, not the platform's: nothing is judged on a file cut short for want of room.
  if (progress.stop === 'disk_budget') {
    s.findings.push({
      rule: 'fetch.too_large',
      args: { cap: progress.bytes, contentLength: s.source.contentLength, reason: 'disk_budget' },
      tier: 'disk_budget',
    })
    return NOTHING
  }
  if (progress.stop === 'decoded_size') {
    const encoding = header(sent.res.headers, 'content-encoding') ?? ''
    const args = {
      encoding,
      wire: progress.wire,
      decoded: progress.bytes,
      ratio: s.policy.decodedRatioMax,
      floorBytes: s.policy.decodedFloorBytes,
    }
    s.findings.push({ rule: 'fetch.content_encoding', args })
    return { saved: true, partial: true }
  }
  if (announced !== null && progress.wire < announced) {
    s.findings.push({ rule: 'fetch.truncated', args: { bytes: progress.wire, contentLength: announced } })
    return NOTHING
  }
  return { saved: true, partial: false }
}

function statusFinding(status: number, url: URL): RawFinding {
  const finding = { rule: 'fetch.status', args: { status, url: url.href } } as const
  return transient(status) ? { ...finding, tier: 'transient' } : finding
}

function fail(s: Session, finding: RawFinding | null): Outcome {
  if (finding) s.findings.push(finding)
  return NOTHING
}
