// Which engine a process runs: BullMQ on PREFLIGHT_REDIS_URL when set, else the embedded one.
import type { Redis } from 'ioredis'
import type { Config } from '../config.js'
import { EmbeddedEngine } from './embedded.js'
import type { JobEngine } from './engine.js'
import type { JobHandlers } from './handlers.js'
import type { EngineOptions } from './options.js'
import { RedisEngine } from './redis-engine.js'

/** `redis`: the process's command connection, which the Redis engine uses and closes. */
export function defaultEngine(
  config: Config,
  redis?: Redis,
): (handlers: JobHandlers, options: EngineOptions) => JobEngine {
  const url = config.PREFLIGHT_REDIS_URL
  if (!url) return (handlers, options) => new EmbeddedEngine(options, handlers)
  return (handlers, options) =>
    new RedisEngine(
      {
        ...options,
        url,
        worker: config.PREFLIGHT_WORKER,
        stalledMs: config.PREFLIGHT_JOB_STALLED_MS,
        ...(redis ? { redis } : {}),
      },
      handlers,
    )
}
