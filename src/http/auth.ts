// API keys: with PREFLIGHT_API_KEYS set, every /v1 call needs `Authorization: Bearer <key>`.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { ServiceError } from '../errors.js'
import type { AppEnv } from './context.js'

// Keys are compared as SHA-256 digests: equal lengths for timingSafeEqual, and no early exit on length.
const digest = (key: string) => createHash('sha256').update(key).digest()

export function requireApiKey(keys: readonly string[]): MiddlewareHandler<AppEnv> {
  const digests = keys.map(digest)
  return async (c, next) => {
    if (digests.length === 0) return next()
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const given = digest(match?.[1] ?? '')
    let found = -1
    // Every key is compared, whichever matches: the time taken says nothing of which one did.
    digests.forEach((d, index) => {
      if (timingSafeEqual(d, given)) found = index
    })
    if (!match || found < 0)
      throw new ServiceError('unauthorized', 'A valid API key is required: Authorization: Bearer <key>.')
    // Rate limits and logs name the key by its position in PREFLIGHT_API_KEYS, never by its value.
    c.set('client', `key:${found}`)
    return next()
  }
}
