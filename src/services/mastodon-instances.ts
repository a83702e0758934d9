// Mastodon instances' published limits: GET /api/v2/instance (v1 on 404), bounded, cached per instance.
import type { Dispatcher } from 'undici'
import { extractLimits, type InstanceInfo, type InstanceLookup } from '../pipeline/instance-limits.js'
import { fetchJson, type JsonResult } from '../fetch/fetch-json.js'
import { TtlCache } from './ttl-cache.js'

export interface InstanceOptions {
  dispatcher: Dispatcher
  timeoutMs: number
  ttlMs: number
  maxEntries: number
  /** What the cached lookups may keep together, as `lookupBytes` counts them. */
  maxBytes: number
  now?: () => number
}

// An instance document is a few kB; its rules and contact texts stay far below this.
const MAX_BYTES = 1024 * 1024
// A failed read is retried sooner than a good one is refreshed.
const FAILURE_TTL_MS = 60_000
const MAX_VERSION = 100

export class MastodonInstances {
  readonly #cache: TtlCache<InstanceLookup>
  readonly #options: InstanceOptions

  constructor(options: InstanceOptions) {
    this.#options = options
    this.#cache = new TtlCache({
      maxEntries: options.maxEntries,
      maxBytes: options.maxBytes,
      sizeOf: lookupBytes,
      ...(options.now ? { now: options.now } : {}),
    })
  }

  /** The instance's limits; `origin` is already normalised (scheme, host and port). */
  lookup(origin: string): Promise<InstanceLookup> {
    return this.#cache.get(
      origin,
      () => this.#read(origin),
      (r) => (r.ok ? this.#options.ttlMs : Math.min(FAILURE_TTL_MS, this.#options.ttlMs)),
    )
  }

  /** The cache's size: entries, and the bytes they keep as `lookupBytes` counts them. */
  get cached(): { entries: number; bytes: number } {
    return { entries: this.#cache.size, bytes: this.#cache.bytes }
  }

  async #read(origin: string): Promise<InstanceLookup> {
    const now = this.#options.now ?? Date.now
    const get = (path: string) =>
      fetchJson(`${origin}${path}`, {
        dispatcher: this.#options.dispatcher,
        timeoutMs: this.#options.timeoutMs,
        maxBytes: MAX_BYTES,
        maxRedirects: 3,
      })
    let res: JsonResult = await get('/api/v2/instance')
    // Servers before 4.0 have no v2 document.
    if (!res.ok && res.status === 404) res = await get('/api/v1/instance')
    if (!res.ok) return { ok: false, origin, reason: res.reason, detail: copy(res.detail) }
    // The parsed answer may be large (1 MiB of `{}` is ~24 MB of objects): only the extracted values leave this function.
    const body = isObject(res.body) ? res.body : {}
    const info: InstanceInfo = {
      origin,
      apiUrl: res.url,
      // A copy, not a slice: a slice of a large string can keep the whole of it alive.
      version: typeof body.version === 'string' ? copy(body.version.slice(0, MAX_VERSION)) : null,
      configuration: isObject(body.configuration),
      limits: extractLimits(body.configuration),
      readAt: new Date(now()).toISOString(),
    }
    return { ok: true, info }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const copy = (text: string): string => Buffer.from(text, 'utf8').toString('utf8')

// V8's cost of an object, an array slot and a string header, rounded up: the count must not undercount.
// ENTRY: the cache's own entry, its promise, Map slot and settle callbacks.
const ENTRY = 512
const OBJECT = 64
const SLOT = 8
const stringBytes = (s: string): number => 24 + 2 * s.length

/** The bytes a cached lookup keeps: its strings at two bytes a character, plus object and array overheads. */
export function lookupBytes(lookup: InstanceLookup): number {
  if (!lookup.ok)
    return ENTRY + OBJECT + stringBytes(lookup.origin) + stringBytes(lookup.reason) + stringBytes(lookup.detail)
  const { info } = lookup
  let bytes =
    ENTRY +
    2 * OBJECT +
    stringBytes(info.origin) +
    stringBytes(info.apiUrl) +
    stringBytes(info.readAt) +
    (info.version ? stringBytes(info.version) : 0)
  for (const limit of info.limits) {
    bytes += OBJECT + SLOT + stringBytes(limit.field)
    bytes +=
      typeof limit.value === 'number'
        ? SLOT
        : OBJECT + limit.value.reduce((n: number, mime: string) => n + SLOT + stringBytes(mime), 0)
  }
  return bytes
}
