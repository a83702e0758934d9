// Per-client rate limit on /v1 (hono-rate-limiter): keyed by API key, else by client address.
// Over the limit: 429 with Retry-After and the RateLimit-* headers, in the contract's error shape.
import type { MiddlewareHandler } from 'hono'
import { rateLimiter } from 'hono-rate-limiter'
import type { Config } from '../config.js'
import type { AppEnv } from './context.js'

export function rateLimit(config: Config): MiddlewareHandler<AppEnv> {
  const limit = config.PREFLIGHT_RATE_LIMIT
  if (limit === 0) return (_c, next) => next()
  const windowS = Math.ceil(config.PREFLIGHT_RATE_WINDOW_MS / 1000)
  return rateLimiter<AppEnv>({
    windowMs: config.PREFLIGHT_RATE_WINDOW_MS,
    limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => c.var.client,
    handler: (c) => {
      c.var.log.warn({ client: c.var.client }, 'rate limit reached')
      const message = `At most ${limit} requests per ${windowS} s per client; retry after the Retry-After delay.`
      return c.json({ error: { code: 'too_many_requests', message } }, 429)
    },
  })
}
