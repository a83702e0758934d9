// What each origin's robots.txt said, kept for a while (RFC 9309 §2.4 allows up to 24 h): an LRU bounded in origins and bytes.
import type { Rule } from '../fetch/robots-rules.js'

/**
 * One origin's answer: its rules (none = allow all, as after a 4xx), with `truncated` when more applied than
 * are kept; or why it could not be read.
 */
export type RobotsAnswer = { rules: readonly Rule[]; truncated?: boolean } | { unavailable: string }

export interface RobotsCacheOptions {
  /** How long a readable answer (rules, or a 4xx) is kept; 0 keeps nothing. */
  ttlMs: number
  /** How long an unavailable one (5xx, timeout) is kept: the server may recover soon. */
  unavailableTtlMs: number
  /** Origins kept; past it the least recently used goes. */
  maxOrigins: number
  /** Bound on the answers' estimated heap size (answerBytes); past it the least recently used go. */
  maxBytes: number
  now?: () => number
}

interface Entry {
  answer: RobotsAnswer
  expires: number
  bytes: number
}

// Measured with bench/robots.ts (heap per cached entry, node 20): a rule object, its array slot and string header.
const RULE_BYTES = 64
const ENTRY_BYTES = 200

/** The heap an answer holds, estimated from what it keeps: patterns are ASCII once normalised, a byte a character. */
export function answerBytes(origin: string, answer: RobotsAnswer): number {
  const kept =
    'unavailable' in answer
      ? answer.unavailable.length
      : answer.rules.reduce((sum, r) => sum + RULE_BYTES + r.pattern.length, 0)
  return ENTRY_BYTES + origin.length + kept
}

export class RobotsCache {
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used first.
  readonly #entries = new Map<string, Entry>()
  readonly #now: () => number
  #bytes = 0

  constructor(readonly options: RobotsCacheOptions) {
    this.#now = options.now ?? Date.now
  }

  get size(): number {
    return this.#entries.size
  }

  /** The estimated heap held by the kept answers. */
  get bytes(): number {
    return this.#bytes
  }

  get(origin: string): RobotsAnswer | null {
    const entry = this.#entries.get(origin)
    if (!entry) return null
    this.#remove(origin)
    if (entry.expires <= this.#now()) return null
    this.#entries.set(origin, entry)
    this.#bytes += entry.bytes
    return entry.answer
  }

  set(origin: string, answer: RobotsAnswer): void {
    const ttl =
      'unavailable' in answer ? Math.min(this.options.unavailableTtlMs, this.options.ttlMs) : this.options.ttlMs
    const bytes = answerBytes(origin, answer)
    this.#remove(origin)
    if (ttl <= 0 || this.options.maxOrigins <= 0 || bytes > this.options.maxBytes) return
    this.#entries.set(origin, { answer, expires: this.#now() + ttl, bytes })
    this.#bytes += bytes
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.options.maxOrigins && this.#bytes <= this.options.maxBytes) break
      this.#remove(oldest)
    }
  }

  #remove(origin: string): void {
    const entry = this.#entries.get(origin)
    if (!entry) return
    this.#entries.delete(origin)
    this.#bytes -= entry.bytes
  }
}
