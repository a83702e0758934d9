// Probe cache: probed facts by content hash, LRU-bounded in entries and bytes, with validator aliases.
import type { MediaFacts } from '../facts.js'

export interface ProbeCacheOptions {
  maxEntries: number
  /** Upper bound on the JSON size of the cached facts, the dominant cost of an entry. */
  maxBytes: number
}

/** What, besides the bytes, says a source has not changed: HTTP validators, or a file's stat. */
export interface Validators {
  /** The URL or the absolute path the bytes came from. */
  source: string
  etag?: string | null
  lastModified?: string | null
  /** Local files: size, mtime and inode, which change whenever the content may have. */
  stat?: string | null
}

export type CacheOutcome = 'hit' | 'miss' | 'bypass'

/** A second level shared by every process (Redis): facts by content hash and validator aliases, with a TTL. */
export interface SharedFacts {
  get(hash: string): Promise<MediaFacts | undefined>
  hashFor(alias: string): Promise<string | undefined>
  /** Written in the background: a failed write only costs a later probe. */
  set(hash: string, media: MediaFacts, alias: string | null): void
}

interface Entry {
  media: MediaFacts
  bytes: number
}

/** Validator aliases (a URL's ETag or Last-Modified, a file's stat) name a hash without reading the bytes. */
export class ProbeCache {
  // Map iteration order is insertion order: re-inserting on use makes the first key the least recent.
  readonly #byHash = new Map<string, Entry>()
  readonly #aliases = new Map<string, string>()
  #bytes = 0

  constructor(
    readonly options: ProbeCacheOptions,
    readonly shared?: SharedFacts,
  ) {}

  /** This process's entry, else the shared one (then kept here too). */
  async lookup(hash: string): Promise<MediaFacts | undefined> {
    const local = this.get(hash)
    if (local || !this.shared) return local
    const found = await this.shared.get(hash).catch(() => undefined)
    if (found) this.#keep(hash, found, null)
    return found
  }

  /** The hash these validators name, here or in the shared level. */
  async lookupHash(validators: Validators): Promise<string | undefined> {
    const local = this.hashFor(validators)
    const key = aliasKey(validators)
    if (local !== undefined || !this.shared || key === null) return local
    return this.shared.hashFor(key).catch(() => undefined)
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.#byHash.size, bytes: this.#bytes }
  }

  /** Facts for this content hash, or undefined. The caller gets its own copy. */
  get(hash: string): MediaFacts | undefined {
    const entry = this.#byHash.get(hash)
    if (!entry) return undefined
    this.#byHash.delete(hash)
    this.#byHash.set(hash, entry)
    return structuredClone(entry.media)
  }

  /** The content hash these validators were last seen with, when it is still cached. */
  hashFor(validators: Validators): string | undefined {
    const key = aliasKey(validators)
    const hash = key === null ? undefined : this.#aliases.get(key)
    if (hash === undefined) return undefined
    if (!this.#byHash.has(hash)) {
      this.#aliases.delete(key!)
      return undefined
    }
    return hash
  }

  set(hash: string, media: MediaFacts, validators?: Validators): void {
    const key = validators ? aliasKey(validators) : null
    this.#keep(hash, media, key)
    this.shared?.set(hash, media, key)
  }

  #keep(hash: string, media: MediaFacts, key: string | null): void {
    const bytes = JSON.stringify(media).length + hash.length
    if (bytes > this.options.maxBytes || this.options.maxEntries < 1) return
    this.#remove(hash)
    this.#byHash.set(hash, { media: structuredClone(media), bytes })
    this.#bytes += bytes
    if (key !== null) {
      this.#aliases.delete(key)
      this.#aliases.set(key, hash)
    }
    this.#evict()
  }

  #remove(hash: string): void {
    const entry = this.#byHash.get(hash)
    if (!entry) return
    this.#byHash.delete(hash)
    this.#bytes -= entry.bytes
  }

  #evict(): void {
    while (this.#byHash.size > this.options.maxEntries || this.#bytes > this.options.maxBytes) {
      const oldest = this.#byHash.keys().next().value
      if (oldest === undefined) break
      this.#remove(oldest)
    }
    // Aliases are small, and a stale one is dropped when looked up; this only bounds their count.
    while (this.#aliases.size > this.options.maxEntries * 2) {
      const oldest = this.#aliases.keys().next().value
      if (oldest === undefined) break
      this.#aliases.delete(oldest)
    }
  }
}

/** Null when nothing but the source names the bytes: a bare URL says nothing about its content. */
function aliasKey({ source, etag, lastModified, stat }: Validators): string | null {
  if (!etag && !lastModified && !stat) return null
  return JSON.stringify([source, etag ?? null, lastModified ?? null, stat ?? null])
}
