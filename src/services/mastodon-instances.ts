// Mastodon instances' published limits: GET /api/v2/instance (v1 on 404), bounded, cached per instance.
import type { Dispatcher } from 'undici'
import type { InstanceFailure } from '../rules/index.js'
import { fetchJson, type JsonResult } from './fetch-json.js'
import { TtlCache } from './ttl-cache.js'

/** What an instance said about itself: its version and its raw `configuration` object. */
export interface InstanceInfo {
  /** The instance's origin, `https://mastodon.example`. */
  origin: string
  /** The document the limits were read from. */
  apiUrl: string
  version: string | null
  configuration: Record<string, unknown> | null
  /** When it was read (ISO 8601): the date the limits were "seen". */
  readAt: string
}

export type InstanceLookup = { ok: true; info: InstanceInfo } | { ok: false; origin: string; reason: InstanceFailure; detail: string }

export interface InstanceOptions {
  dispatcher: Dispatcher
  timeoutMs: number
  ttlMs: number
  maxEntries: number
  now?: () => number
}

// An instance document is a few kB; its rules and contact texts stay far below this.
const MAX_BYTES = 1024 * 1024
// A failed read is retried sooner than a good one is refreshed.
const FAILURE_TTL_MS = 60_000

export class MastodonInstances {
  readonly #cache: TtlCache<InstanceLookup>
  readonly #options: InstanceOptions

  constructor(options: InstanceOptions) {
    this.#options = options
    this.#cache = new TtlCache({ maxEntries: options.maxEntries, ...(options.now ? { now: options.now } : {}) })
  }

  /** The instance's limits; `origin` is already normalised (scheme, host and port). */
  lookup(origin: string): Promise<InstanceLookup> {
    return this.#cache.get(origin, () => this.#read(origin), (r) => (r.ok ? this.#options.ttlMs : Math.min(FAILURE_TTL_MS, this.#options.ttlMs)))
  }

  async #read(origin: string): Promise<InstanceLookup> {
    const now = this.#options.now ?? Date.now
    const get = (path: string) =>
      fetchJson(`${origin}${path}`, { dispatcher: this.#options.dispatcher, timeoutMs: this.#options.timeoutMs, maxBytes: MAX_BYTES, maxRedirects: 3 })
    let res: JsonResult = await get('/api/v2/instance')
    // Servers before 4.0 have no v2 document.
    if (!res.ok && res.status === 404) res = await get('/api/v1/instance')
    if (!res.ok) return { ok: false, origin, reason: res.reason, detail: res.detail }
    const body = isObject(res.body) ? res.body : {}
    const info: InstanceInfo = {
      origin,
      apiUrl: res.url,
      version: typeof body.version === 'string' ? body.version.slice(0, 100) : null,
      configuration: isObject(body.configuration) ? body.configuration : null,
      readAt: new Date(now()).toISOString(),
    }
    return { ok: true, info }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
