// POST /v1/audits: many preflight requests as one job (kind audit); 202 with the job, results at /v1/jobs/{id}/results.
import { Hono } from 'hono'
import type { Config } from '../../config.js'
import { ServiceError } from '../../errors.js'
import { fromZod } from '../../request/parse.js'
import { batchBodySchema } from '../../request/schemas.js'
import { jobPath, jobView } from '../../jobs/view.js'
import { bodyPace } from '../body-stream.js'
import type { AppContext, AppEnv } from '../context.js'
import { jsonLimit, readJson, type JsonLimits } from '../json-body.js'
import { MAX_JSON_DEPTH } from './preflight.js'

// An audit item is usually one URL and its targets (~200 bytes): the body may average this much, and this many
// JSON values, per allowed item (200 MiB and 6.4 million values for the default 100,000).
const AUDIT_ITEM_BYTES = 2048
const AUDIT_ITEM_VALUES = 64

export function auditJsonLimits(config: Config): JsonLimits {
  const items = config.PREFLIGHT_AUDIT_MAX_ITEMS
  return {
    maxBytes: items * AUDIT_ITEM_BYTES + 1024,
    maxDepth: MAX_JSON_DEPTH,
    maxValues: items * AUDIT_ITEM_VALUES + 16,
    pace: bodyPace(config),
  }
}

export function auditRoute({ config, jobs }: AppContext) {
  const limits = auditJsonLimits(config)
  return new Hono<AppEnv>().post('/', jsonLimit(limits.maxBytes), async (c) => {
    const parsed = batchBodySchema.safeParse(await readJson(c, limits))
    if (!parsed.success) throw fromZod(parsed.error)
    const { items } = parsed.data
    const max = config.PREFLIGHT_AUDIT_MAX_ITEMS
    if (items.length > max) throw new ServiceError('too_many_items', `At most ${max} items per audit.`)
    // Each item is validated when it runs, as /v1/batch does: a malformed one is an error line, not a refused job.
    const job = await jobs.submitAudit(items)
    c.header('Location', jobPath(job.id))
    return c.json(jobView(job), 202)
  })
}
