// The HTTP API: routes mounted on one Hono app, one error handler, JSON 404s.
import { Hono } from 'hono'
import { loadConfig, type Config } from '../config.js'
import { ServiceError } from '../errors.js'
import { preflightOptions } from '../pipeline/preflight.js'
import { Limiter } from '../services/limiter.js'
import { requireApiKey } from './auth.js'
import type { AppContext } from './context.js'
import { corsFor } from './cors.js'
import { onError } from './on-error.js'
import { docsRoutes } from './routes/docs.js'
import { healthRoutes, targetsRoute } from './routes/meta.js'
import { preflightRoute } from './routes/preflight.js'
import { uploadRoute } from './routes/upload.js'
import { webRoutes } from './routes/web.js'

export function createApp(config: Config = loadConfig()): Hono {
  const limiter = new Limiter({ concurrency: config.PREFLIGHT_CONCURRENCY, maxQueue: config.PREFLIGHT_MAX_QUEUE })
  const context: AppContext = { config, options: { ...preflightOptions(config), limiter } }
  const app = new Hono()
  app.onError(onError)
  app.notFound(() => {
    throw new ServiceError('not_found', 'No such route.')
  })
  if (config.PREFLIGHT_CORS_ORIGINS.length > 0) app.use('*', corsFor(config.PREFLIGHT_CORS_ORIGINS))
  app.use('/v1/*', requireApiKey(config.PREFLIGHT_API_KEYS))
  app.route('/', webRoutes())
  app.route('/', docsRoutes())
  app.route('/', healthRoutes(context))
  app.route('/v1/targets', targetsRoute())
  app.route('/v1/preflight/file', uploadRoute(context))
  app.route('/v1/preflight', preflightRoute(context))
  return app
}
