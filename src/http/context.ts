// What every route is built with (configuration, pipeline options, logger, metrics), and what each request carries.
import type { Redis } from 'ioredis'
import type { Config } from '../config.js'
import type { JobEngine } from '../jobs/engine.js'
import type { PreflightOptions } from '../pipeline/options.js'
import type { Lifecycle } from '../services/lifecycle.js'
import type { Logger } from '../services/logger.js'
import type { Metrics } from '../services/metrics.js'

/** What media work needs: a worker process has this without the HTTP side. */
export interface WorkContext {
  config: Config
  options: PreflightOptions
  logger: Logger
  metrics: Metrics
  lifecycle: Lifecycle
  /** With PREFLIGHT_REDIS_URL: the process's command connection (the job engine closes it). */
  redis?: Redis
}

export interface AppContext extends WorkContext {
  /** Audit and fix jobs: embedded, or on Redis. */
  jobs: JobEngine
}

/** Hono variables set by the middleware for each request. */
export interface AppEnv {
  Variables: {
    requestId: string
    /** The request's logger: every line carries its request id. */
    log: Logger
    /** Who is calling, for rate limits and logs: `key:<n>` (the nth configured key) or `ip:<address>`. */
    client: string
  }
}
