// The HTTP API: request ids, access logs and metrics on every route, keys and rate limits on /v1,
// routes mounted on one Hono app, one error handler, JSON 404s.
import { Hono } from 'hono'
import { loadConfig, type Config } from '../config.js'
import { ServiceError } from '../errors.js'
import type { JobEngine } from '../jobs/engine.js'
import { defaultEngine } from '../jobs/default-engine.js'
import { jobHandlers, type JobHandlers } from '../jobs/handlers.js'
import { engineOptions, type EngineOptions } from '../jobs/options.js'
import { allowedMethods } from './allowed-methods.js'
import { requireApiKey } from './auth.js'
import type { AppContext, AppEnv } from './context.js'
import { createWorkContext, type WorkDeps } from './work-context.js'
import { corsFor } from './cors.js'
import { observe } from './observe.js'
import { onError, serviceErrorResponse } from './on-error.js'
import { rateLimit } from './rate-limit.js'
import { auditRoute } from './routes/audits.js'
import { batchRoute } from './routes/batch.js'
import { fixRoute } from './routes/fix.js'
import { jobRoutes } from './routes/jobs.js'
import { docsRoutes } from './routes/docs.js'
import { healthRoutes, metricsRoute, targetsRoute } from './routes/meta.js'
import { preflightRoute } from './routes/preflight.js'
import { uploadRoute } from './routes/upload.js'
import { webRoutes } from './routes/web.js'

/** What the server shares with the app; each defaults to a fresh one (tests pass their own). */
export interface AppDeps extends WorkDeps {
  /** Makes the job engine from what jobs run; default: embedded, or on PREFLIGHT_REDIS_URL. */
  jobs: (handlers: JobHandlers, options: EngineOptions) => JobEngine
}

/** The app and its job engine, which the server closes on its way out. */
export interface Service {
  app: Hono<AppEnv>
  jobs: JobEngine
}

export function createApp(config: Config = loadConfig(), deps: Partial<AppDeps> = {}): Hono<AppEnv> {
  return createService(config, deps).app
}

export function createService(config: Config = loadConfig(), deps: Partial<AppDeps> = {}): Service {
  const work = createWorkContext(config, deps)
  const { logger, metrics } = work
  const handlers = jobHandlers(work)
  const engineOpts = engineOptions(config, logger.child({ component: 'jobs' }), metrics)
  const jobs = (deps.jobs ?? defaultEngine(config, work.redis))(handlers, engineOpts)
  metrics.watchJobs(jobs)
  const context: AppContext = { ...work, jobs }
  const app = new Hono<AppEnv>()
  app.onError(onError(logger))
  // Answered here rather than thrown: the middleware around it still logs and counts the 404 (or 405).
  app.notFound((c) => {
    const allow = allowedMethods(app.routes, c.req.path)
    if (allow.length === 0) return serviceErrorResponse(new ServiceError('not_found', 'No such route.'), c)
    c.header('Allow', allow.join(', '))
    return serviceErrorResponse(new ServiceError('method_not_allowed', `${c.req.path} takes ${allow.join(', ')}.`), c)
  })
  app.use('*', ...observe(context))
  // CORS answers preflight requests before the key check, which browsers cannot satisfy on OPTIONS.
  if (config.PREFLIGHT_CORS_ORIGINS.length > 0) app.use('*', corsFor(config.PREFLIGHT_CORS_ORIGINS))
  app.use('/v1/*', requireApiKey(config.PREFLIGHT_API_KEYS), rateLimit(config, work.redis))
  app.route('/', webRoutes())
  app.route('/', docsRoutes())
  app.route('/', healthRoutes(context))
  app.route('/metrics', metricsRoute(context))
  app.route('/v1/targets', targetsRoute())
  app.route('/v1/preflight/file', uploadRoute(context))
  app.route('/v1/preflight', preflightRoute(context))
  app.route('/v1/batch', batchRoute(context))
  app.route('/v1/audits', auditRoute(context))
  app.route('/v1/jobs', jobRoutes(context))
  app.route('/v1/fix', fixRoute(context))
  return { app, jobs }
}
