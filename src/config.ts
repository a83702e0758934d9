// All configuration: every environment variable with its default, validated once with a clear message.
import { createRequire } from 'node:module'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'

const require = createRequire(import.meta.url)

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')
const int = (min: number) => z.coerce.number().int().min(min)
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
)

const schema = z.object({
  PORT: int(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PREFLIGHT_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  PREFLIGHT_API_KEYS: list.default([]),
  /** Origins allowed to call the API from a browser (CORS); `*` allows any. Empty: same origin only. */
  PREFLIGHT_CORS_ORIGINS: list.default([]),
  FFPROBE_PATH: z.string().min(1).optional(),
  /** ffmpeg for fixing (POST /v1/fix, `preflight fix`); default: the bundled binary (@ffmpeg-installer). */
  FFMPEG_PATH: z.string().min(1).optional(),
  /** Every ffmpeg run of a fix is killed past this (the job's own time limit may stop it sooner). */
  PREFLIGHT_FFMPEG_TIMEOUT_MS: int(1000).default(1_800_000),
  /** x264's speed/size trade-off for fixed videos: slower presets make smaller files for the same quality. */
  PREFLIGHT_FIX_X264_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow'])
    .default('veryfast'),
  /** Every ffprobe run is killed past this. */
  PREFLIGHT_PROBE_TIMEOUT_MS: int(100).default(30_000),
  /** An image decode (full depth) is stopped past this, in whole seconds for libvips; the image is then reported not decoded. */
  PREFLIGHT_DECODE_TIMEOUT_MS: int(100).default(10_000),
  /** Uploads above this are answered 413 (1 GiB: no target accepts more). */
  PREFLIGHT_MAX_UPLOAD_BYTES: int(1).default(1_073_741_824),
  /** Media items in one request: Threads carousels hold up to 20. */
  PREFLIGHT_MAX_ITEMS: int(1).default(20),
  /** Media items worked on at once, server-wide: mostly waiting on the network (default: 4 × the number of cores). */
  PREFLIGHT_CONCURRENCY: int(1).default(4 * Math.max(1, availableParallelism())),
  /** Of those, ffprobe runs at once: the CPU- and memory-bound part (default: the number of cores; sharp bounds itself). */
  PREFLIGHT_FFPROBE_CONCURRENCY: int(1).default(Math.max(1, availableParallelism())),
  /** Items allowed to wait for a slot; a request whose items would not all fit gets 429 before any starts. */
  PREFLIGHT_MAX_QUEUE: int(0).default(64),
  /**
   * A few preflights of its own before the service listens, so its first callers meet compiled code
   * (src/services/warm-up.ts). Off by default: it keeps ~10 MB more resident for good (soak peak 154 MB against 149).
   */
  PREFLIGHT_WARM_UP: bool.default(false),
  /** Reuse probed facts for bytes already probed (same content hash, or same file or URL validators). */
  PREFLIGHT_PROBE_CACHE: bool.default(true),
  /** Read H.264/HEVC with AAC in MP4/QuickTime from the moov box; false asks ffprobe for every video. */
  PREFLIGHT_MOOV_READER: bool.default(true),
  /** A faststart MP4's middle that no check reads is counted as it downloads, not written; false writes every byte. */
  PREFLIGHT_SPARSE_DOWNLOADS: bool.default(true),
  PREFLIGHT_PROBE_CACHE_ENTRIES: int(1).default(10_000),
  /** With PREFLIGHT_REDIS_URL: how long probed facts stay in the probe cache's shared level on Redis. */
  PREFLIGHT_PROBE_CACHE_TTL_S: int(1).default(86_400),
  /** Bound on the cached facts' size (JSON bytes): about 1 KiB an entry. */
  PREFLIGHT_PROBE_CACHE_BYTES: int(1024).default(32 * 1024 * 1024),
  /** Preflight requests in one POST /v1/batch. */
  PREFLIGHT_BATCH_MAX_ITEMS: int(1).default(1000),
  PREFLIGHT_TMPDIR: z.string().min(1).default(tmpdir()),
  /** Bytes of scratch files in flight, server-wide (downloads and uploads), reserved as they are written (4 GiB). */
  PREFLIGHT_TEMP_BUDGET_BYTES: int(1).default(4 * 1024 * 1024 * 1024),
  /** A body with a Content-Encoding decoded past this many times its wire size (and past the floor) stops: `fetch.content_encoding`. */
  PREFLIGHT_DECODED_RATIO_MAX: int(1).default(100),
  /** Decoded bytes any Content-Encoding may reach before the ratio applies. */
  PREFLIGHT_DECODED_FLOOR_BYTES: int(1).default(16 * 1024 * 1024),
  PREFLIGHT_CONNECT_TIMEOUT_MS: int(100).default(10_000),
  PREFLIGHT_HEADERS_TIMEOUT_MS: int(100).default(15_000),
  PREFLIGHT_BODY_TIMEOUT_MS: int(100).default(15_000),
  PREFLIGHT_DOWNLOAD_TIMEOUT_MS: int(100).default(300_000),
  // Fetch heuristics (PLATFORM-RULES.md §7.2, all PF).
  PREFLIGHT_SLOW_TTFB_MS: int(1).default(3_000),
  PREFLIGHT_MIN_THROUGHPUT_BPS: int(1).default(1_048_576),
  PREFLIGHT_THROUGHPUT_AFTER_MS: int(1).default(2_000),
  PREFLIGHT_PROJECTED_WARN_MS: int(1).default(120_000),
  PREFLIGHT_PROJECTED_STOP_MS: int(1).default(300_000),
  PREFLIGHT_REDIRECT_WARN_ABOVE: int(0).default(5),
  PREFLIGHT_MAX_REDIRECTS: int(0).default(10),
  PREFLIGHT_EXPIRY_WINDOW_S: int(0).default(3_600),
  PREFLIGHT_ROBOTS_TIMEOUT_MS: int(100).default(5_000),
  /** How long an origin's robots.txt answer is reused; RFC 9309 §2.4 allows up to 24 h. 0: fetch it every time. */
  PREFLIGHT_ROBOTS_CACHE_TTL_MS: int(0).max(86_400_000).default(3_600_000),
  /** Bound on the kept robots.txt answers' estimated heap; an origin keeps at most 5,000 rules (about 330 KiB). */
  PREFLIGHT_ROBOTS_CACHE_BYTES: int(0).default(16 * 1024 * 1024),
  /** A whole request's deadline: past it its downloads and probes stop and it is answered 504. */
  PREFLIGHT_REQUEST_TIMEOUT_MS: int(100).default(600_000),
  /** /v1 requests per key (or client address, without keys) per window; 0 turns the limit off. */
  PREFLIGHT_RATE_LIMIT: int(0).default(120),
  PREFLIGHT_RATE_WINDOW_MS: int(1000).default(60_000),
  /** Clients of this service: the request head must arrive within this (408 `header_timeout`). */
  PREFLIGHT_CLIENT_HEADERS_TIMEOUT_MS: int(100).default(20_000),
  /** Longest gap between request-body bytes (408 `body_timeout`). */
  PREFLIGHT_CLIENT_BODY_IDLE_MS: int(100).default(20_000),
  /** Slowest average request-body rate, judged once the body has run PREFLIGHT_CLIENT_BODY_IDLE_MS (408); 0: no minimum. */
  PREFLIGHT_CLIENT_MIN_BODY_BPS: int(0).default(1024),
  /** An idle kept-alive connection is closed after this. */
  PREFLIGHT_KEEP_ALIVE_TIMEOUT_MS: int(100).default(5_000),
  /** Open client connections, server-wide; past it new ones are closed at once. */
  PREFLIGHT_MAX_CONNECTIONS: int(1).default(1024),
  /** Open connections per client address (not applied with PREFLIGHT_TRUST_PROXY); 0: no per-address cap. */
  PREFLIGHT_MAX_CONNECTIONS_PER_IP: int(0).default(64),
  /** After an answer given before the body was read (413, 408, 401...), the rest is read and dropped for up to this long... */
  PREFLIGHT_LINGER_MS: int(0).default(5_000),
  /** ...and up to this many bytes, so the client reads the answer instead of a reset; then the connection is closed. */
  PREFLIGHT_LINGER_BYTES: int(0).default(32 * 1024 * 1024),
  /** Behind a reverse proxy: the client address is the last X-Forwarded-For entry, not the socket's. */
  PREFLIGHT_TRUST_PROXY: bool.default(false),
  PREFLIGHT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** On SIGTERM, in-flight requests get this long to finish before their work is aborted. */
  PREFLIGHT_SHUTDOWN_TIMEOUT_MS: int(0).default(25_000),
  /** Reading a Mastodon instance's limits (GET /api/v2/instance), redirects included. */
  PREFLIGHT_INSTANCE_TIMEOUT_MS: int(100).default(5_000),
  /** How long an instance's limits are reused (a failed read: at most 60 s). */
  PREFLIGHT_INSTANCE_CACHE_TTL_MS: int(0).default(3_600_000),
  /** Instances whose limits are kept at once; the oldest goes first. */
  PREFLIGHT_INSTANCE_CACHE_ENTRIES: int(1).default(1_000),
  /** What the cached instance limits may keep together (only the extracted limits are kept: ~1-2 kB each). */
  PREFLIGHT_INSTANCE_CACHE_BYTES: int(65_536).default(8_388_608),
  /** Jobs (POST /v1/audits, POST /v1/fix) run on BullMQ queues on this Redis; unset, in the service process. */
  PREFLIGHT_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  /** false: this service process accepts jobs without running them (workers on the same Redis do). */
  PREFLIGHT_WORKER: bool.default(true),
  /** A finished job, its results and its output files are kept this long, then removed (404). */
  PREFLIGHT_JOB_TTL_S: int(1).default(86_400),
  /** Where each job's folder (uploads, outputs, an embedded audit's results) is made; shared by every process on one Redis. */
  PREFLIGHT_JOB_DIR: z.string().min(1).default(join(tmpdir(), 'preflight-jobs')),
  /** Items in one POST /v1/audits. */
  PREFLIGHT_AUDIT_MAX_ITEMS: int(1).default(100_000),
  /** Bytes of one POST /v1/audits body (413 above): 100,000 items of ~335 bytes (a URL, two targets); kept as text until they run. */
  PREFLIGHT_AUDIT_MAX_BYTES: int(1024).default(32 * 1024 * 1024),
  /**
   * Embedded engine: bytes of item texts its queued audit chunks may hold, every audit together (each item stays in
   * memory as its JSON text until its chunk runs); an audit that would pass it gets 429 with Retry-After.
   */
  PREFLIGHT_AUDIT_HELD_BYTES: int(1024).default(64 * 1024 * 1024),
  /** Audit items worked on at once by one process (a service running jobs, or a worker). */
  PREFLIGHT_AUDIT_CONCURRENCY: int(1).default(16),
  /** Audit jobs queued or running at once; one more is refused with 429. */
  PREFLIGHT_AUDIT_MAX_JOBS: int(1).default(16),
  /** An audit is split into chunks of at most this many items, so that many workers share one job. */
  PREFLIGHT_AUDIT_CHUNK_ITEMS: int(1).default(25),
  /** An audit job still running this long after it started is stopped and fails (deadline_exceeded). */
  PREFLIGHT_AUDIT_TIMEOUT_S: int(1).default(21_600),
  /** Fix jobs worked on at once by one process. */
  PREFLIGHT_FIX_CONCURRENCY: int(1).default(1),
  /** Fix jobs queued or running at once; one more is refused with 429. */
  PREFLIGHT_FIX_MAX_JOBS: int(1).default(8),
  /** A fix job still running this long after it started is stopped and fails (deadline_exceeded). */
  PREFLIGHT_FIX_TIMEOUT_S: int(1).default(900),
  /** Redis engine: how often workers look for chunks whose worker died (BullMQ's stalled check, and its lock time). */
  PREFLIGHT_JOB_STALLED_MS: int(100).default(30_000),
})

/** FFMPEG_PATH is null when neither the variable nor a bundled binary for this platform names one: fixing is then unavailable. */
export type Config = Omit<z.infer<typeof schema>, 'FFPROBE_PATH' | 'FFMPEG_PATH'> & {
  FFPROBE_PATH: string
  FFMPEG_PATH: string | null
}

/** A bad environment variable: the CLI exits 2 and the service does not start. */
export class ConfigError extends Error {}

/** Parses the environment; throws one readable line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanked = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(blanked)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return {
    ...parsed.data,
    FFPROBE_PATH: parsed.data.FFPROBE_PATH ?? bundledFfprobe(),
    FFMPEG_PATH: parsed.data.FFMPEG_PATH ?? bundledFfmpeg(),
  }
}

function bundledFfprobe(): string {
  return (require('@ffprobe-installer/ffprobe') as { path: string }).path
}

/** The package throws (a string) on a platform it ships no binary for: fixing is then unavailable, checks still run. */
function bundledFfmpeg(): string | null {
  try {
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path
  } catch {
    return null
  }
}
