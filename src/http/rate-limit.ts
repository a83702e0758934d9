// Per-client rate limit on /v1 (hono-rate-limiter): keyed by API key, else by client address.
// Over the limit: 429 with Retry-After and the RateLimit-* headers, in the contract's error shape.
import type { MiddlewareHandler } from 'hono'
import { rateLimiter, RedisStore } from 'hono-rate-limiter'
import type { Redis } from 'ioredis'
import type { Config } from '../config.js'
import type { AppEnv } from './context.js'

/** With `redis`, every process on it counts against one limit per client (hono-rate-limiter's RedisStore). */
export function rateLimit(config: Config, redis?: Redis): MiddlewareHandler<AppEnv> {
  const limit = config.PREFLIGHT_RATE_LIMIT
  if (limit === 0) return (_c, next) => next()
  const windowS = Math.ceil(config.PREFLIGHT_RATE_WINDOW_MS / 1000)
  return rateLimiter<AppEnv>({
    windowMs: config.PREFLIGHT_RATE_WINDOW_MS,
    limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => c.var.client,
    ...(redis ? { store: new RedisStore<AppEnv>({ client: storeClient(redis), prefix: 'preflight:rate:' }) } : {}),
    handler: (c) => {
      c.var.log.warn({ client: c.var.client }, 'rate limit reached')
      const message = `At most ${limit} requests per ${windowS} s per client; retry after the Retry-After delay.`
      return c.json({ error: { code: 'too_many_requests', message } }, 429)
    },
  })
}

/** ioredis in the shape RedisStore calls: script loading and EVALSHA with keys and arguments apart. */
function storeClient(redis: Redis) {
  return {
    scriptLoad: (script: string) => redis.script('LOAD', script) as Promise<string>,
    evalsha: <TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs) =>
      redis.evalsha(sha, keys.length, ...keys, ...(args as (string | number)[])) as Promise<TData>,
    decr: (key: string) => redis.decr(key),
    del: (key: string) => redis.del(key),
  }
}
