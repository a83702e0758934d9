// What media work runs with, in a service or a worker process: the server-wide limiter, ffprobe slots, the
// pipeline's options and caches, logger, metrics and the stop sequence.
import type { Config } from '../config.js'
import { preflightOptions } from '../pipeline/options.js'
import type { DiskBudget } from '../services/disk-budget.js'
import { Lifecycle } from '../services/lifecycle.js'
import { Limiter } from '../services/limiter.js'
import { createLogger, type Logger } from '../services/logger.js'
import { Metrics } from '../services/metrics.js'
import { connectRedis } from '../services/redis.js'
import { RedisFacts } from '../services/shared-facts.js'
import type { WorkContext } from './context.js'

export interface WorkDeps {
  logger: Logger
  metrics: Metrics
  lifecycle: Lifecycle
  /** The server-wide cap on media work. */
  limiter: Limiter
  /** The server-wide temp-disk budget, shared by downloads and uploads. */
  diskBudget: DiskBudget
}

export function createWorkContext(config: Config, deps: Partial<WorkDeps> = {}): WorkContext {
  const limiter =
    deps.limiter ?? new Limiter({ concurrency: config.PREFLIGHT_CONCURRENCY, maxQueue: config.PREFLIGHT_MAX_QUEUE })
  // ffprobe runs wait inside an item's slot, one at a time per item: at most PREFLIGHT_CONCURRENCY ever queue here.
  const ffprobeSlots = new Limiter({
    concurrency: config.PREFLIGHT_FFPROBE_CONCURRENCY,
    maxQueue: config.PREFLIGHT_CONCURRENCY,
  })
  const logger = deps.logger ?? createLogger(config.PREFLIGHT_LOG_LEVEL)
  const metrics = deps.metrics ?? new Metrics()
  metrics.watchQueue(limiter)
  const url = config.PREFLIGHT_REDIS_URL
  const redis = url ? connectRedis(url, logger) : undefined
  const base = preflightOptions(config, redis && new RedisFacts(redis, config.PREFLIGHT_PROBE_CACHE_TTL_S))
  const options = {
    ...base,
    ffprobe: { ...base.ffprobe, observer: metrics, slots: ffprobeSlots },
    limiter,
    observer: metrics,
    diskBudget: deps.diskBudget ?? base.diskBudget,
  }
  return { config, options, logger, metrics, lifecycle: deps.lifecycle ?? new Lifecycle(), ...(redis ? { redis } : {}) }
}
