// The probe cache's side of a probe: validators first (no read), then the content hash; preflight() sniffs and probes on a miss.
import { stat } from 'node:fs/promises'
import type { MediaFacts } from '../facts.js'
import { sha256File } from '../services/content-hash.js'
import type { CacheOutcome, ProbeCache, Validators } from '../services/probe-cache.js'
import type { ProbeContext } from './probe.js'
import type { SourceFacts } from '../fetch/source.js'

export interface CachedProbe {
  media: MediaFacts
  /** The type sniffed from the bytes (on a hit, the one sniffed when the same bytes were probed). */
  mime: string | null
  cache: CacheOutcome
}

export interface CacheContext extends ProbeContext {
  cache?: ProbeCache
  /** The local file the bytes are (validators are its stat), or the URL's validators. */
  validators?: Validators | null
  /** The bytes' SHA-256 when already known (hashed as they downloaded): no read to hash them. */
  sha256?: string | null
  signal?: AbortSignal
}

/**
 * Bytes past this are not hashed for the cache. Hashing costs ~0.7 ms a MB of main-thread CPU (SHA-NI), while
 * what a hit saves is one probe: for an MP4 the moov reader answers in ~1 ms, for other video ffprobe in 20-50 ms,
 * and the decode proof runs on every full-depth request anyway. Past 16 MiB the hash costs more than it saves.
 */
export const HASH_MAX_BYTES = 16 * 1024 * 1024

/** What the probe cache knows of a file's bytes: their facts (a hit), or a place to keep the facts probed now. */
export type CacheLookup =
  { cache: 'hit'; media: MediaFacts } | { cache: 'miss' | 'bypass'; keep: (media: MediaFacts) => void }

const BYPASS: CacheLookup = { cache: 'bypass', keep: () => undefined }

export async function lookupFacts(path: string, context: CacheContext): Promise<CacheLookup> {
  const { cache } = context
  // Only the head of a file cut at the read cap is on disk: its hash names no whole file.
  if (!cache || context.partial) return BYPASS
  const validators = context.validators ?? null
  const known = (validators ? await cache.lookupHash(validators) : undefined) ?? context.sha256 ?? undefined
  if (known === undefined && ((await stat(path).catch(() => null))?.size ?? 0) > HASH_MAX_BYTES) return BYPASS
  const hash = known ?? (await sha256File(path, context.signal))
  const cached = await cache.lookup(hash)
  if (cached) return { cache: 'hit', media: cached }
  return {
    cache: 'miss',
    keep: (media) => {
      if (settled(media)) cache.set(hash, media, validators ?? undefined)
    },
  }
}

/**
 * Facts any request may reuse. An image not decoded (depth quick) or refused (over this request's
 * pixel bound, or too slow) would answer a later full-depth request, or one with a larger bound, wrongly.
 */
function settled(media: MediaFacts): boolean {
  const decoded = media.image?.decoded
  return decoded !== 'skipped' && decoded !== 'refused'
}

/**
 * A URL's validators: the same URL answered with the same strong ETag or Last-Modified (and length)
 * reuses the facts without hashing or probing. A weak ETag promises equivalence, not the same bytes.
 */
export function urlValidators(source: SourceFacts): Validators | null {
  const etag = source.etag && !source.etag.startsWith('W/') ? source.etag : null
  if (!etag && !source.lastModified) return null
  return { source: source.finalUrl, etag, lastModified: source.lastModified, stat: `bytes:${source.bytes}` }
}

/**
 * Whether a download about to be saved needs its digest for the cache: not when its validators, with the
 * announced length for the bytes, already name cached facts (the answer is only a guess at the cost: a
 * digest not taken is computed from the file if the cache then misses).
 */
export function digestWanted(cache: ProbeCache, source: SourceFacts, length: number | null): boolean {
  if (length !== null && length > HASH_MAX_BYTES) return false
  const validators = length === null ? null : urlValidators({ ...source, bytes: length })
  return !validators || cache.hashFor(validators) === undefined
}

/** A local file's validators: path, size, mtime and inode change whenever its content may have. */
export async function fileValidators(path: string): Promise<Validators | null> {
  const info = await stat(path, { bigint: true }).catch(() => null)
  if (!info?.isFile()) return null
  return { source: path, stat: `${info.size}:${info.mtimeNs}:${info.ino}:${info.dev}` }
}
