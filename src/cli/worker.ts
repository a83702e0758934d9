// `preflight worker`: runs jobs from PREFLIGHT_REDIS_URL until SIGTERM or SIGINT, then finishes or hands back its chunks.
import { parseArgs } from 'node:util'
import type { Config } from '../config.js'
import { createWorkContext } from '../http/work-context.js'
import { jobHandlers } from '../jobs/handlers.js'
import { engineOptions } from '../jobs/options.js'
import { RedisEngine } from '../jobs/redis-engine.js'
import { loadSharp } from '../pipeline/probe-image.js'
import { createLogger } from '../services/logger.js'
import { removeOpenScratches } from '../services/temp-file.js'
import { UsageError } from './usage.js'

export async function workerCommand(args: string[], config: Config): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false })
  const url = config.PREFLIGHT_REDIS_URL
  if (!url) throw new UsageError('preflight worker takes its jobs from Redis: set PREFLIGHT_REDIS_URL.')
  const logger = createLogger(config.PREFLIGHT_LOG_LEVEL)
  const work = createWorkContext(config, { logger })
  const options = engineOptions(config, logger.child({ component: 'jobs' }), work.metrics)
  const engine = new RedisEngine(
    {
      ...options,
      url,
      worker: true,
      stalledMs: config.PREFLIGHT_JOB_STALLED_MS,
      ...(work.redis ? { redis: work.redis } : {}),
    },
    jobHandlers(work),
  )
  await loadSharp().catch((err: unknown) => logger.warn({ err }, 'sharp did not load: images will fail to probe'))
  logger.info({ audit: config.PREFLIGHT_AUDIT_CONCURRENCY, fix: config.PREFLIGHT_FIX_CONCURRENCY }, 'worker started')
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve)
    process.once('SIGINT', resolve)
  })
  const deadlineMs = config.PREFLIGHT_SHUTDOWN_TIMEOUT_MS
  logger.info({ signal, deadlineMs }, 'stopping: finishing or handing back the chunks in hand')
  work.lifecycle.drain()
  await engine.close(deadlineMs)
  logger.info({ removedScratchDirs: removeOpenScratches() }, 'stopped')
  logger.flush()
  return 0
}
