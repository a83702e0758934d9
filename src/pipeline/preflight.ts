// preflight(): the one module that knows the order of the stages. acquire → sniff → probe → evaluate → report.
import type { Config } from '../config.js'
import type { MediaFacts, PostFacts } from '../facts.js'
import type { RawFinding, TargetDef } from '../rule-types.js'
import type { FfprobeOptions } from '../services/ffprobe.js'
import type { Lane, Limiter } from '../services/limiter.js'
import { createScratch } from '../services/temp-file.js'
import { targets, type TargetName } from '../../platforms/targets.js'
import { acquire, type MediaInput } from './acquire.js'
import type { DownloadOptions } from './download.js'
import { evaluate, type InspectedItem } from './evaluate.js'
import { probe } from './probe.js'
import { report, type Report } from './report.js'
import { sniff } from './sniff.js'
import type { SourceFacts } from './source.js'

export type Depth = 'full' | 'quick'

export interface PreflightRequest {
  media: MediaInput[]
  targets: TargetName[]
  post?: PostFacts
  depth?: Depth
  /** Mastodon instance whose published limits replace the defaults. */
  mastodonInstance?: string
}

export interface PreflightOptions {
  tmpDir: string
  ffprobe: FfprobeOptions
  fetch: Omit<DownloadOptions, 'readCap' | 'signal'>
  /** No download reads past this, whatever the targets accept. */
  maxBytes: number
  /** Items of one request inspected at once. */
  itemConcurrency: number
  /** The server-wide cap on media work; absent, items run as they come (CLI). */
  limiter?: Limiter
  /** Which queue this request's items wait in. */
  lane?: Lane
  signal?: AbortSignal
}

export function preflightOptions(config: Config): PreflightOptions {
  return {
    tmpDir: config.PREFLIGHT_TMPDIR,
    ffprobe: { ffprobePath: config.FFPROBE_PATH, timeoutMs: config.PREFLIGHT_PROBE_TIMEOUT_MS },
    fetch: {
      connectTimeoutMs: config.PREFLIGHT_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: config.PREFLIGHT_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: config.PREFLIGHT_BODY_TIMEOUT_MS,
      totalTimeoutMs: config.PREFLIGHT_DOWNLOAD_TIMEOUT_MS,
    },
    maxBytes: config.PREFLIGHT_MAX_UPLOAD_BYTES,
    itemConcurrency: 4,
  }
}

export async function preflight(request: PreflightRequest, options: PreflightOptions): Promise<Report> {
  const defs: TargetDef[] = request.targets.map((name) => targets[name])
  const readCap = readCapFor(defs, options.maxBytes)
  const work = (input: MediaInput) => inspect(input, readCap, options)
  const limited = options.limiter
    ? (input: MediaInput) => options.limiter!.run(() => work(input), options.lane, options.signal)
    : work
  const items = await mapBounded(request.media, options.itemConcurrency, limited)
  const post = request.post ?? {}
  return report(items, defs.map((target) => evaluate(target, items, post)))
}

type Inspected = InspectedItem & { source: SourceFacts | null }

/** One item through acquire, sniff and probe; its scratch directory is removed on every way out. */
async function inspect(input: MediaInput, readCap: number, options: PreflightOptions): Promise<Inspected> {
  await using scratch = await createScratch(options.tmpDir)
  const acquired = await acquire(input, scratch.path, { ...options.fetch, readCap, signal: options.signal })
  const findings: RawFinding[] = [...acquired.findings]
  if (!acquired.path) return { source: acquired.source, media: null, findings }
  const partial = findings.some((f) => f.rule === 'fetch.too_large')
  const sniffed = await sniff(acquired.path)
  const media: MediaFacts = await probe(acquired.path, sniffed, { ...options.ffprobe, signal: options.signal }, { partial })
  if (partial && acquired.source?.contentLength) media.sizeBytes = acquired.source.contentLength
  return { source: acquired.source, media, findings }
}

/** Reading stops one byte past the largest file any requested target accepts: enough to say "too large". */
export function readCapFor(defs: readonly TargetDef[], ceiling: number): number {
  let largest = 0
  for (const { rules } of defs) {
    const limits = [rules['image.file_size']?.value.max]
    // A target without a size limit for a kind takes up to the ceiling.
    largest = Math.max(largest, ...limits.map((max) => max ?? ceiling))
  }
  return Math.min(largest, ceiling) + 1
}

async function mapBounded<T, R>(inputs: readonly T[], limit: number, fn: (input: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(inputs.length)
  let next = 0
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++
      results[index] = await fn(inputs[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker))
  return results
}
