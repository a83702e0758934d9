// CORS for upload UIs embedded on other sites: the origins PREFLIGHT_CORS_ORIGINS names, before any key check.
import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'

export function corsFor(origins: readonly string[]): MiddlewareHandler {
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  })
}
