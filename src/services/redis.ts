// The connection a process shares for commands on PREFLIGHT_REDIS_URL: jobs' records, the rate limit, shared facts.
import { Redis } from 'ioredis'
import type { Logger } from './logger.js'

/** Commands fail fast (one retry) while Redis is away: a request gets 503, not a wait on ioredis' retries. */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5000 })
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'))
  return redis
}
