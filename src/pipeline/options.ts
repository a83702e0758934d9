// preflightOptions(): what the stages need from the configuration, and the service-wide caches they share.
import type { Config } from '../config.js'
import type { FfprobeOptions } from '../services/ffprobe.js'
import type { FfmpegOptions } from '../services/ffmpeg.js'
import { guardedAgent } from '../fetch/guarded-agent.js'
import type { Lane, Limiter } from '../services/limiter.js'
import { MastodonInstances } from '../services/mastodon-instances.js'
import type { PipelineObserver } from '../services/observer.js'
import { ProbeCache, type SharedFacts } from '../services/probe-cache.js'
import { RobotsCache } from '../services/robots-cache.js'
import { DiskBudget } from '../services/disk-budget.js'
import type { DownloadOptions } from '../fetch/download.js'

export interface PreflightOptions {
  tmpDir: string
  ffprobe: FfprobeOptions
  fetch: Omit<DownloadOptions, 'readCap' | 'signal' | 'depth'>
  /** No download reads past this, whatever the targets accept. */
  maxBytes: number
  /** Bytes of scratch files in flight across every item (uploads too); absent, no bound. */
  diskBudget?: DiskBudget
  /** Items of one request inspected at once. */
  itemConcurrency: number
  /** An image decode still running after this is stopped, and the image reported as not decoded. */
  decodeTimeoutMs: number
  /** The server-wide cap on media work; absent, items run as they come (CLI). */
  limiter?: Limiter
  /** Which queue this request's items wait in. */
  lane?: Lane
  /** Probed facts by content hash; absent, every item is probed. */
  probeCache?: ProbeCache
  /** Mastodon instances' limits, cached across requests. */
  instances: MastodonInstances
  signal?: AbortSignal
  /** ffmpeg for fixing; absent, fixing is unavailable (checks never run ffmpeg). */
  ffmpeg?: FfmpegOptions
  /**
   * Fixing: where to keep each URL item's downloaded bytes (hard-linked out of the scratch directory before it
   * is removed), by item index; downloads then read up to `maxBytes` whatever the targets accept.
   */
  keep?: (index: number) => string
  /** Told of cache lookups (ffprobe runs are told through `ffprobe.observer`). */
  observer?: PipelineObserver
  /**
   * A faststart MP4's middle, which neither the moov reader nor the decode proof reads, is counted as it downloads
   * and not written to disk (the proof's packets are checked against it after). False (or fixing) writes every byte.
   */
  sparseDownloads?: boolean
}

// robots.txt answers: a 5xx or a timeout is kept only briefly (the host may recover); at most this many origins (and PREFLIGHT_ROBOTS_CACHE_BYTES).
const ROBOTS_UNAVAILABLE_TTL_MS = 60_000
const ROBOTS_CACHE_ORIGINS = 1_000

/** `shared`: the probe cache's level shared by every process (Redis), when there is one. */
export function preflightOptions(config: Config, shared?: SharedFacts): PreflightOptions {
  return {
    tmpDir: config.PREFLIGHT_TMPDIR,
    ffprobe: {
      ffprobePath: config.FFPROBE_PATH,
      timeoutMs: config.PREFLIGHT_PROBE_TIMEOUT_MS,
      moovFacts: config.PREFLIGHT_MOOV_READER,
    },
    ffmpeg: {
      ffmpegPath: config.FFMPEG_PATH,
      timeoutMs: config.PREFLIGHT_FFMPEG_TIMEOUT_MS,
      preset: config.PREFLIGHT_FIX_X264_PRESET,
    },
    fetch: {
      connectTimeoutMs: config.PREFLIGHT_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: config.PREFLIGHT_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: config.PREFLIGHT_BODY_TIMEOUT_MS,
      totalTimeoutMs: config.PREFLIGHT_DOWNLOAD_TIMEOUT_MS,
      allowPrivateNetworks: config.PREFLIGHT_ALLOW_PRIVATE_NETWORKS,
      policy: {
        slowTtfbMs: config.PREFLIGHT_SLOW_TTFB_MS,
        minThroughputBps: config.PREFLIGHT_MIN_THROUGHPUT_BPS,
        throughputAfterMs: config.PREFLIGHT_THROUGHPUT_AFTER_MS,
        projectedWarnMs: config.PREFLIGHT_PROJECTED_WARN_MS,
        projectedStopMs: config.PREFLIGHT_PROJECTED_STOP_MS,
        redirectWarnAbove: config.PREFLIGHT_REDIRECT_WARN_ABOVE,
        redirectMax: config.PREFLIGHT_MAX_REDIRECTS,
        expiryWindowS: config.PREFLIGHT_EXPIRY_WINDOW_S,
        robotsTimeoutMs: config.PREFLIGHT_ROBOTS_TIMEOUT_MS,
        decodedRatioMax: config.PREFLIGHT_DECODED_RATIO_MAX,
        decodedFloorBytes: config.PREFLIGHT_DECODED_FLOOR_BYTES,
      },
      robots: new RobotsCache({
        ttlMs: config.PREFLIGHT_ROBOTS_CACHE_TTL_MS,
        unavailableTtlMs: ROBOTS_UNAVAILABLE_TTL_MS,
        maxOrigins: ROBOTS_CACHE_ORIGINS,
        maxBytes: config.PREFLIGHT_ROBOTS_CACHE_BYTES,
      }),
    },
    maxBytes: config.PREFLIGHT_MAX_UPLOAD_BYTES,
    diskBudget: new DiskBudget(config.PREFLIGHT_TEMP_BUDGET_BYTES),
    itemConcurrency: 4,
    decodeTimeoutMs: config.PREFLIGHT_DECODE_TIMEOUT_MS,
    sparseDownloads: config.PREFLIGHT_SPARSE_DOWNLOADS,
    ...(config.PREFLIGHT_PROBE_CACHE
      ? {
          probeCache: new ProbeCache(
            { maxEntries: config.PREFLIGHT_PROBE_CACHE_ENTRIES, maxBytes: config.PREFLIGHT_PROBE_CACHE_BYTES },
            shared,
          ),
        }
      : {}),
    instances: new MastodonInstances({
      // The instance URL is the caller's: the same address guard as media URLs, every phase bounded.
      dispatcher: guardedAgent({
        allowPrivateNetworks: config.PREFLIGHT_ALLOW_PRIVATE_NETWORKS,
        connectTimeoutMs: config.PREFLIGHT_INSTANCE_TIMEOUT_MS,
        headersTimeoutMs: config.PREFLIGHT_INSTANCE_TIMEOUT_MS,
        bodyTimeoutMs: config.PREFLIGHT_INSTANCE_TIMEOUT_MS,
      }),
      timeoutMs: config.PREFLIGHT_INSTANCE_TIMEOUT_MS,
      ttlMs: config.PREFLIGHT_INSTANCE_CACHE_TTL_MS,
      maxEntries: config.PREFLIGHT_INSTANCE_CACHE_ENTRIES,
      maxBytes: config.PREFLIGHT_INSTANCE_CACHE_BYTES,
    }),
  }
}
