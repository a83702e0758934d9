// preflight(): the one module that knows the order of the stages. acquire → sniff → probe → evaluate → report.
import { copyFile, link } from 'node:fs/promises'
import type { PostFacts } from '../facts.js'
import type { RawFinding, TargetDef } from '../rule-types.js'
import type { PreflightOptions } from './options.js'
import type { CacheOutcome } from '../services/probe-cache.js'
import { mapBounded } from '../services/each-bounded.js'
import { createScratch } from '../services/temp-file.js'
import { targets, type TargetName } from '../../platforms/targets.js'
import { acquire, type MediaInput } from './acquire.js'
import type { DownloadOptions } from '../fetch/download.js'
import { contentTypeFinding } from '../fetch/content-type.js'
import { pullFindings } from '../fetch/pull-checks.js'
import { evaluate, type InspectedItem } from './evaluate.js'
import {
  digestWanted,
  fileValidators,
  lookupFacts,
  urlValidators,
  type CacheContext,
  type CachedProbe,
} from './cached-probe.js'
import { sniff } from './sniff.js'
import { probe } from './probe.js'
import type { FfprobeOptions } from '../services/ffprobe.js'
import { proofReads, proveAhead, WholeFileNeeded, withDecodeProof } from './decode-proof.js'
import type { EarlyHead } from '../fetch/early-head.js'
import type { OmitWindow } from '../fetch/body.js'
import { readBoxes } from '../media/mp4-boxes.js'
import { unreadMiddle, type ByteRange } from '../media/mp4-sample-places.js'
import { movieTiming } from '../media/mp4-tracks.js'
import { withInstanceLimits, type ResolvedTarget } from './instance-limits.js'
import { headFactsFor, probeHead } from './probe-head.js'
import { fileNames, urlFileName, type FileNames } from '../messages/commands.js'
import { FALLBACK_DECODE_PIXELS, type DecodeOptions } from './probe-image.js'
import { report, type Report } from './report.js'
import type { SourceFacts } from '../fetch/source.js'

export type Depth = 'full' | 'quick'

export interface PreflightRequest {
  media: MediaInput[]
  targets: TargetName[]
  post?: PostFacts
  depth?: Depth
  /** Origin of the Mastodon instance whose published limits replace the defaults. */
  mastodonInstance?: string
}

export async function preflight(request: PreflightRequest, options: PreflightOptions): Promise<Report> {
  // The whole request is admitted or refused (429) before anything starts, the instance lookup included.
  using admission = options.limiter?.admit(request.media.length, options.lane)
  const mastodon = await instanceTarget(request, options)
  const defs: TargetDef[] = request.targets.map((name) =>
    name === 'mastodon' && mastodon ? mastodon.target : targets[name],
  )
  // Fixing keeps the bytes to re-encode them: a file larger than every target accepts is still read whole.
  const readCap = options.keep ? options.maxBytes + 1 : readCapFor(defs, options.maxBytes)
  const depth = request.depth ?? 'full'
  // Downloads hash what they save only for the probe cache, and only when its validators do not already name facts.
  const cache = options.probeCache
  const hash = cache && ((source: SourceFacts, length: number | null) => digestWanted(cache, source, length))
  const fetch = { ...options.fetch, readCap, depth, signal: options.signal, ...(hash ? { hash } : {}) }
  const decode: DecodeOptions = {
    depth,
    ...decodePixelsFor(defs),
    timeoutMs: options.decodeTimeoutMs,
    signal: options.signal,
  }
  const work = (input: MediaInput, index: number) => inspect(input, fetch, decode, options, options.keep?.(index))
  const limited = admission
    ? (input: MediaInput, index: number) => admission.run(() => work(input, index), options.signal)
    : work
  const items = await mapBounded(request.media, options.itemConcurrency, limited)
  const post = request.post ?? {}
  const evaluations = defs.map((target) => {
    const judged = withPullFindings(target, items, request.media, post)
    return target === mastodon?.target
      ? { ...evaluate(target, judged, post, mastodon.findings), instance: mastodon.instance }
      : evaluate(target, judged, post)
  })
  return report(items, evaluations, request.media.map(namesFor))
}

/** Items with the findings of a target that pulls URLs under its own rules (TikTok); the items themselves for others. */
function withPullFindings<T extends Inspected>(
  target: TargetDef,
  items: readonly T[],
  media: readonly MediaInput[],
  post: PostFacts,
): readonly T[] {
  if (!target.rules['fetch.url_prefix'] && !target.rules['fetch.ip_host']) return items
  return items.map((item, index) => {
    const input = media[index]
    if (!input || !('url' in input)) return item
    return { ...item, findings: [...item.findings, ...pullFindings(target.rules, input.url, item.source, post)] }
  })
}

/** The mastodon target with the named instance's limits, when one is named and mastodon is requested. */
async function instanceTarget(request: PreflightRequest, options: PreflightOptions): Promise<ResolvedTarget | null> {
  if (!request.mastodonInstance || !request.targets.includes('mastodon')) return null
  return withInstanceLimits(targets.mastodon, await options.instances.lookup(request.mastodonInstance))
}

// The reason the head's probe is stopped with: made once, as abort() without one builds a DOMException each time.
const HEAD_UNUSED = new Error('the head of the file is not needed')

type Inspected = InspectedItem & { source: SourceFacts | null; cache: CacheOutcome }

/**
 * One item through acquire, sniff and probe. A faststart MP4's middle is left unwritten where the proof shows it need
 * not be read (`sparseDownloads`); when that turns out wrong, the item is inspected again from a whole download.
 */
async function inspect(
  input: MediaInput,
  fetch: DownloadOptions,
  decode: DecodeOptions,
  options: PreflightOptions,
  keepAt?: string,
): Promise<Inspected> {
  // Fixing keeps the download to re-encode it: every byte is written then.
  const sparse = options.sparseDownloads !== false && keepAt === undefined
  const omit = { range: null, learn: (head: EarlyHead) => unreadOf(head, fetch.readCap) }
  try {
    return await inspectOnce(input, fetch, decode, options, sparse ? { omit } : { keepAt })
  } catch (error) {
    if (!(error instanceof WholeFileNeeded) || options.signal?.aborted) throw error
    return inspectOnce(input, fetch, decode, options, { keepAt })
  }
}

/**
 * What of a faststart MP4 neither the moov reader nor the decode proof reads, from the moov in its head. A file past
 * the read cap is read in part: its middle is then written like the rest.
 */
async function unreadOf(head: EarlyHead, readCap: number): Promise<ByteRange | null> {
  if (head.size >= readCap) return null
  const boxes = await readBoxes(head.path)
  const movie = movieTiming(boxes.mvhd)
  return movie && unreadMiddle(boxes, head.size, proofReads(movie.duration / movie.timescale))
}

/** Either the download's bytes are kept whole at `keepAt`, or it may pass over what `omit` comes to name. */
type Placement = { keepAt?: string; omit?: undefined } | { omit: OmitWindow; keepAt?: undefined }

/**
 * One item through acquire, sniff and probe; its scratch directory is removed on every way out (a whole download
 * is first hard-linked to `keepAt`, when given).
 * A faststart video's head is sniffed and probed while the rest downloads; those facts are kept only
 * when the finished file is whole and the same file, else the finished file is probed as usual.
 */
async function inspectOnce(
  input: MediaInput,
  fetch: DownloadOptions,
  decode: DecodeOptions,
  options: PreflightOptions,
  { keepAt, omit }: Placement,
): Promise<Inspected> {
  await using scratch = await createScratch(options.tmpDir, options.diskBudget)
  const ffprobe = { ...options.ffprobe, signal: options.signal }
  const ahead = new AbortController() // stops the head's probe once its answer cannot be used
  const acquiring = acquire(input, scratch, omit ? { ...fetch, omit } : fetch)
  // The combined signal only for a head that came: most items (every image) have none.
  const headSignal = () => (options.signal ? AbortSignal.any([options.signal, ahead.signal]) : ahead.signal)
  const early = acquiring.head
    .then((head) => head && probeHead(head, { ...ffprobe, signal: headSignal() }))
    .catch(() => null)
  // With the head's facts, the decode proof follows the full download as it is written (full depth only offers heads).
  const decodeAhead = early
    .then(
      (facts) =>
        facts &&
        proveAhead(
          scratch.path,
          facts.media,
          fetch.totalTimeoutMs,
          { ...ffprobe, signal: headSignal() },
          omit?.range != null,
        ),
    )
    .catch(() => null)
  try {
    const acquired = await acquiring.done
    const findings: RawFinding[] = [...acquired.findings]
    if (!acquired.path) return { source: acquired.source, media: null, findings, cache: 'bypass' }
    const { partial, omitted } = acquired
    const path = acquired.path
    if (keepAt && acquired.source && !partial) await keepFile(path, keepAt)
    const fromHead = partial ? null : await headFactsFor(path, early).catch(() => null)
    // Only the head's facts know the file with its hole: anything else reads the file whole.
    if (omitted && !fromHead) throw new WholeFileNeeded('the finished download is not the file its head described')
    if (!fromHead) ahead.abort(HEAD_UNUSED) // the finished file is probed (and decoded) instead: one ffprobe run per item at a time
    // The head's facts skip the probe cache: they cost nothing now, and hashing the whole file would.
    const {
      media: probed,
      mime,
      cache,
    } = fromHead
      ? { media: fromHead.media, mime: fromHead.sniffed.mime, cache: 'bypass' as const }
      : await sniffAndProbe(path, ffprobe, {
          partial,
          cache: options.probeCache,
          validators:
            'path' in input ? await fileValidators(input.path) : acquired.source && urlValidators(acquired.source),
          sha256: acquired.sha256,
          signal: options.signal,
          decode,
        })
    // The decode proof runs on every full-depth request, probe cache hit or not: the cache keeps facts, not proofs.
    const proved = {
      depth: fetch.depth,
      partial,
      source: acquired.source,
      omitted,
      ...(fromHead ? { ahead: decodeAhead } : {}),
    }
    const media = await withDecodeProof(path, probed, proved, ffprobe)
    const typed = acquired.source ? contentTypeFinding(acquired.source.contentType, mime) : null
    if (typed) findings.push(typed)
    if (cache !== 'bypass') options.observer?.cacheLookup(cache)
    if (partial && acquired.source?.contentLength) media.sizeBytes = acquired.source.contentLength
    if (decode.depth === 'quick' && media.image?.decoded === 'skipped' && acquired.source && !partial) {
      acquired.source.unverified.push('that the whole image decodes (depth "quick" reads its headers only)')
    }
    return { source: acquired.source, media, findings, cache }
  } finally {
    ahead.abort(HEAD_UNUSED)
    await early // no ffprobe run outlives the scratch directory it reads
    await decodeAhead
  }
}

/** A hard link where the file system allows one (same device), else a copy. */
async function keepFile(path: string, at: string): Promise<void> {
  await link(path, at).catch(() => copyFile(path, at))
}

/**
 * Sniff, then probe, unless the probe cache knows the bytes: the same bytes sniff the same, and cached facts
 * carry the type they were sniffed as (`mime`), so a hit skips both.
 */
async function sniffAndProbe(path: string, ffprobe: FfprobeOptions, context: CacheContext): Promise<CachedProbe> {
  const known = await lookupFacts(path, context)
  if (known.cache === 'hit') return { media: known.media, mime: known.media.mime, cache: 'hit' }
  const sniffed = await sniff(path)
  const media = await probe(path, sniffed, ffprobe, context)
  known.keep(media)
  return { media, mime: sniffed.mime, cache: known.cache }
}

const ALL_KINDS = ['image', 'video', 'audio'] as const

/** Reading stops one byte past the largest file any requested target accepts: enough to say "too large". */
export function readCapFor(defs: readonly TargetDef[], ceiling: number): number {
  let largest = 0
  for (const { rules } of defs) {
    // Each kind the target takes is bounded by its size row (audio files by `video.file_size`, as on
    // Mastodon); a kind without one, by the ceiling.
    const sizes = rules as Partial<Record<string, { value: { max?: number } }>>
    for (const kind of rules['media.kind']?.value.allowed ?? ALL_KINDS) {
      largest = Math.max(largest, sizes[`${kind === 'audio' ? 'video' : kind}.file_size`]?.value.max ?? ceiling)
    }
  }
  return Math.min(largest, ceiling) + 1
}

/**
 * The most pixels an image frame may declare and still be decoded: the largest `image.pixels` limit of
 * the requested targets that take images. A target without one (Meta publishes no pixel limit)
 * counts as libvips' default bound, 268,402,689 (16383x16383): no target takes more, so nothing
 * larger is worth decoding.
 */
export function decodePixelsFor(defs: readonly TargetDef[]): Pick<DecodeOptions, 'maxPixels' | 'pixelsJudged'> {
  let largest = 0
  let judged = true
  for (const { rules } of defs) {
    if (!(rules['media.kind']?.value.allowed ?? ALL_KINDS).includes('image')) continue
    const limit = rules['image.pixels']?.value.max
    if (limit === undefined) judged = false
    largest = Math.max(largest, limit ?? FALLBACK_DECODE_PIXELS)
  }
  return largest
    ? { maxPixels: largest, pixelsJudged: judged }
    : { maxPixels: FALLBACK_DECODE_PIXELS, pixelsJudged: false }
}

/** What the item's fix commands call its file: the name given, a local path, or the URL's file name. */
function namesFor(input: MediaInput): FileNames {
  return fileNames(input.name ?? ('path' in input ? input.path : input.url.parsed && urlFileName(input.url.parsed)))
}
