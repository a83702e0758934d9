// Per-request middleware: a request id (a sane incoming X-Request-Id is kept), a logger carrying it,
// one access log line and the HTTP metrics. Paths are logged without their query strings.
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { requestId } from 'hono/request-id'
import { routePath } from 'hono/route'
import type { AppContext, AppEnv } from './context.js'

export function observe({ config, logger, metrics, lifecycle }: AppContext): MiddlewareHandler<AppEnv>[] {
  const access: MiddlewareHandler<AppEnv> = async (c, next) => {
    const started = performance.now()
    const log = logger.child({ reqId: c.var.requestId })
    c.set('log', log)
    c.set('client', `ip:${clientAddress(c, config.PREFLIGHT_TRUST_PROXY)}`)
    await next()
    // While the service stops, each answer closes its connection so no keep-alive socket holds it open.
    if (lifecycle.draining) c.header('Connection', 'close')
    const seconds = (performance.now() - started) / 1000
    const { method, path } = c.req
    const route = routeLabel(c)
    const status = c.res.status
    metrics.httpRequest(method, route, status, seconds)
    log.info({ method, path, route, status, ms: Math.round(seconds * 1000), client: c.var.client }, 'request')
  }
  return [requestId({ limitLength: 128 }), access]
}

/** The matched route pattern, or `unmatched` for a 404 that only middleware saw: labels stay few whatever is requested. */
function routeLabel(c: Context): string {
  const path = routePath(c, -1)
  return path === '' || (c.res.status === 404 && path.endsWith('*')) ? 'unmatched' : path
}

/** The socket's peer, or with a trusted proxy in front, the address it appended to X-Forwarded-For. */
function clientAddress(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined
  if (forwarded) return forwarded
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // app.request() in tests has no socket
  }
}
