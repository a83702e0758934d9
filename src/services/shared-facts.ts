// The probe cache's shared level on Redis: facts by content hash and validator aliases, each with a TTL, so every
// service and worker process reuses what any of them probed.
import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { MediaFacts } from '../facts.js'
import type { SharedFacts } from './probe-cache.js'

const FACTS = 'preflight:facts:'
const ALIAS = 'preflight:alias:'

export class RedisFacts implements SharedFacts {
  constructor(
    readonly redis: Redis,
    readonly ttlS: number,
  ) {}

  async get(hash: string): Promise<MediaFacts | undefined> {
    const text = await this.redis.get(FACTS + hash)
    return text === null ? undefined : (JSON.parse(text) as MediaFacts)
  }

  async hashFor(alias: string): Promise<string | undefined> {
    return (await this.redis.get(ALIAS + digest(alias))) ?? undefined
  }

  set(hash: string, media: MediaFacts, alias: string | null): void {
    const batch = this.redis.multi().set(FACTS + hash, JSON.stringify(media), 'EX', this.ttlS)
    if (alias !== null) batch.set(ALIAS + digest(alias), hash, 'EX', this.ttlS)
    void batch.exec().catch(() => undefined)
  }
}

// An alias holds a URL or a path: its digest keeps keys short and their content out of Redis' key space.
const digest = (alias: string) => createHash('sha256').update(alias).digest('hex')
