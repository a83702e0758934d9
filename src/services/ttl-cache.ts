// A small promise cache: entries expire after their TTL, the oldest goes first past `maxEntries` or `maxBytes`.

export interface TtlCacheOptions<V> {
  maxEntries: number
  /** With `sizeOf`: settled values together stay at or under this many bytes (a pending load counts 0). */
  maxBytes?: number
  /** The bytes a settled value keeps; an estimate that must not undercount what the value holds. */
  sizeOf?: (value: V) => number
  now?: () => number
}

interface Entry<V> {
  expires: number
  value: Promise<V>
  bytes: number
}

export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>()
  readonly #maxEntries: number
  readonly #maxBytes: number
  readonly #sizeOf: ((value: V) => number) | undefined
  readonly #now: () => number
  #bytes = 0

  constructor(options: TtlCacheOptions<V>) {
    this.#maxEntries = options.maxEntries
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY
    this.#sizeOf = options.sizeOf
    this.#now = options.now ?? Date.now
  }

  /**
   * The cached value for `key`, or `load()`'s, shared by every caller while it runs. `ttlOf` decides
   * how long a settled value is kept (a failure may be kept shorter than a success).
   */
  get(key: string, load: () => Promise<V>, ttlOf: (value: V) => number): Promise<V> {
    const hit = this.#entries.get(key)
    if (hit && hit.expires > this.#now()) return hit.value
    this.#remove(key)
    const entry: Entry<V> = { expires: Number.POSITIVE_INFINITY, value: load(), bytes: 0 }
    this.#entries.set(key, entry)
    entry.value.then(
      (value) => {
        entry.expires = this.#now() + ttlOf(value)
        if (this.#entries.get(key) !== entry || !this.#sizeOf) return
        entry.bytes = this.#sizeOf(value)
        this.#bytes += entry.bytes
        // The oldest go first; a value larger than the whole budget is answered but not kept.
        while (this.#bytes > this.#maxBytes && this.#entries.size > 0)
          this.#remove(this.#entries.keys().next().value as string)
      },
      () => {
        if (this.#entries.get(key) === entry) this.#remove(key)
      },
    )
    while (this.#entries.size > this.#maxEntries) this.#remove(this.#entries.keys().next().value as string)
    return entry.value
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key)
    if (!entry) return
    this.#bytes -= entry.bytes
    this.#entries.delete(key)
  }

  get size(): number {
    return this.#entries.size
  }

  /** The bytes the settled values keep, as `sizeOf` counts them (0 without it). */
  get bytes(): number {
    return this.#bytes
  }
}
