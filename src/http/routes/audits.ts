// POST /v1/audits: many preflight requests as one job (kind audit); 202 with the job, results at /v1/jobs/{id}/results.
import { Hono, type Context } from 'hono'
import type { Config } from '../../config.js'
import { ServiceError } from '../../errors.js'
import { fromZod } from '../../request/parse.js'
import { batchBodySchema } from '../../request/schemas.js'
import { jobPath, jobView } from '../../jobs/view.js'
import { bodyPace, type BodyPace } from '../body-stream.js'
import type { AppContext, AppEnv } from '../context.js'
import { eachJsonChunk, jsonLimit, type TooLarge } from '../json-body.js'
import { JsonItems, type JsonItemsLimits } from '../json-items.js'
import { MAX_JSON_BYTES, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './preflight.js'

// An audit item is usually one URL and its targets: the body may hold this many JSON values per allowed item.
const AUDIT_ITEM_VALUES = 64

export interface AuditBodyLimits extends JsonItemsLimits {
  maxBytes: number
  pace: BodyPace
}

/** The body's bounds: its bytes from PREFLIGHT_AUDIT_MAX_BYTES; each item bounded as a POST /v1/preflight body. */
export function auditBodyLimits(config: Config): AuditBodyLimits {
  const items = config.PREFLIGHT_AUDIT_MAX_ITEMS
  return {
    maxBytes: config.PREFLIGHT_AUDIT_MAX_BYTES,
    maxDepth: MAX_JSON_DEPTH,
    maxValues: items * AUDIT_ITEM_VALUES + 16,
    maxItems: items,
    maxItemBytes: MAX_JSON_BYTES,
    maxItemValues: MAX_JSON_VALUES,
    pace: bodyPace(config),
  }
}

/** The 413's words say how to split: by the declared length, or by the items read before the limit was passed. */
export function auditTooLarge(maxBytes: number, declared: number | null, itemsRead: number): ServiceError {
  const limit = `An audit body may be at most ${maxBytes} bytes (PREFLIGHT_AUDIT_MAX_BYTES)`
  const split =
    declared !== null
      ? `; this one is ${declared}: send its items as ${Math.ceil(declared / maxBytes)} or more audits.`
      : itemsRead > 0
        ? `; this one passed it after ${itemsRead} items: send at most ${itemsRead} items an audit, as several audits.`
        : ': send the items as several smaller audits.'
  return new ServiceError('payload_too_large', limit + split)
}

/** The body read item by item as it arrives (json-items.ts): the items' JSON texts, never the parsed body. */
async function readAuditBody(c: Context<AppEnv>, limits: AuditBodyLimits) {
  const reader = new JsonItems(limits)
  const refuse: TooLarge = (maxBytes, declared) => auditTooLarge(maxBytes, declared, reader.count)
  await eachJsonChunk(c, limits, (data) => reader.feed(data), { refuse })
  return reader.end()
}

export function auditRoute({ config, jobs }: AppContext) {
  const limits = auditBodyLimits(config)
  const refuse: TooLarge = (maxBytes, declared) => auditTooLarge(maxBytes, declared, 0) // declared: nothing read yet
  return new Hono<AppEnv>().post('/', jsonLimit(limits.maxBytes, refuse), async (c) => {
    const { body, items, count } = await readAuditBody(c, limits)
    // The schema judges the envelope as before; it sees each item as its text (json-items.ts keeps nothing else).
    const parsed = batchBodySchema.safeParse(body)
    if (!parsed.success) throw fromZod(parsed.error)
    const max = config.PREFLIGHT_AUDIT_MAX_ITEMS
    if (count > max) throw new ServiceError('too_many_items', `At most ${max} items per audit.`)
    // Each item is parsed and validated when it runs, as /v1/batch does: a malformed one is an error line.
    const job = await jobs.submitAudit(items)
    c.header('Location', jobPath(job.id))
    return c.json(jobView(job), 202)
  })
}
