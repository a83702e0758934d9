// API keys: with PREFLIGHT_API_KEYS set, every /v1 call needs `Authorization: Bearer <key>`.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { ServiceError } from '../errors.js'

// Keys are compared as SHA-256 digests: equal lengths for timingSafeEqual, and no early exit on length.
const digest = (key: string) => createHash('sha256').update(key).digest()

export function requireApiKey(keys: readonly string[]): MiddlewareHandler {
  const digests = keys.map(digest)
  return async (c, next) => {
    if (digests.length === 0) return next()
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const given = digest(match?.[1] ?? '')
    let ok = false
    for (const d of digests) ok = timingSafeEqual(d, given) || ok
    if (!match || !ok) throw new ServiceError('unauthorized', 'A valid API key is required: Authorization: Bearer <key>.')
    return next()
  }
}
