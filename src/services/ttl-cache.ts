// A small promise cache: entries expire after their TTL, the oldest goes first past `maxEntries`.

export interface TtlCacheOptions {
  maxEntries: number
  now?: () => number
}

interface Entry<V> {
  expires: number
  value: Promise<V>
}

export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>()
  readonly #maxEntries: number
  readonly #now: () => number

  constructor(options: TtlCacheOptions) {
    this.#maxEntries = options.maxEntries
    this.#now = options.now ?? Date.now
  }

  /**
   * The cached value for `key`, or `load()`'s, shared by every caller while it runs. `ttlOf` decides
   * how long a settled value is kept (a failure may be kept shorter than a success).
   */
  get(key: string, load: () => Promise<V>, ttlOf: (value: V) => number): Promise<V> {
    const hit = this.#entries.get(key)
    if (hit && hit.expires > this.#now()) return hit.value
    this.#entries.delete(key)
    const entry: Entry<V> = { expires: Number.POSITIVE_INFINITY, value: load() }
    this.#entries.set(key, entry)
    entry.value.then(
      (value) => {
        entry.expires = this.#now() + ttlOf(value)
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key)
      },
    )
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string)
    return entry.value
  }

  get size(): number {
    return this.#entries.size
  }
}
