// What each origin's robots.txt said, kept for a while (RFC 9309 §2.4 allows up to 24 h): a bounded LRU with expiry.

/** One origin's answer: its rules (none = allow all, as after a 4xx), or why it could not be read. */
export type RobotsAnswer = { rules: readonly { allow: boolean; pattern: string }[] } | { unavailable: string }

export interface RobotsCacheOptions {
  /** How long a readable answer (rules, or a 4xx) is kept; 0 keeps nothing. */
  ttlMs: number
  /** How long an unavailable one (5xx, timeout) is kept: the server may recover soon. */
  unavailableTtlMs: number
  /** Origins kept; past it the least recently used goes. */
  maxOrigins: number
  now?: () => number
}

interface Entry {
  answer: RobotsAnswer
  expires: number
}

export class RobotsCache {
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used first.
  readonly #entries = new Map<string, Entry>()
  readonly #now: () => number

  constructor(readonly options: RobotsCacheOptions) {
    this.#now = options.now ?? Date.now
  }

  get size(): number {
    return this.#entries.size
  }

  get(origin: string): RobotsAnswer | null {
    const entry = this.#entries.get(origin)
    if (!entry) return null
    this.#entries.delete(origin)
    if (entry.expires <= this.#now()) return null
    this.#entries.set(origin, entry)
    return entry.answer
  }

  set(origin: string, answer: RobotsAnswer): void {
    const ttl = 'unavailable' in answer ? Math.min(this.options.unavailableTtlMs, this.options.ttlMs) : this.options.ttlMs
    if (ttl <= 0 || this.options.maxOrigins <= 0) return
    this.#entries.delete(origin)
    this.#entries.set(origin, { answer, expires: this.#now() + ttl })
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.options.maxOrigins) break
      this.#entries.delete(oldest)
    }
  }
}
