// POST /v1/batch: many preflight requests in one; NDJSON lines stream back as items finish, then a summary.
import { setMaxListeners } from 'node:events'
import { Hono } from 'hono'
import { ServiceError } from '../../errors.js'
import { eachBounded } from '../../services/each-bounded.js'
import type { Config } from '../../config.js'
import { bodyPace } from '../body-stream.js'
import type { AppContext, AppEnv } from '../context.js'
import { jsonLimit, readJson, type JsonLimits } from '../json-body.js'
import { fromZod } from '../../request/parse.js'
import { MAX_JSON_DEPTH } from './preflight.js'
import { batchBodySchema } from '../../request/schemas.js'
import { batchLine, count } from '../batch-line.js'
import { emptyTally } from '../../jobs/tally.js'

// A preflight request is at most a few KiB in practice: a batch may average this much per item (16 MiB for
// the default 1,000 items), and this many values per item, so its parsed tree stays tens of MB at most.
const BATCH_ITEM_BYTES = 16 * 1024
const BATCH_ITEM_VALUES = 256
// `{ "items": [ ... ] }` around the items.
const BATCH_ENVELOPE_BYTES = 1024

/** The batch body's bounds, derived from PREFLIGHT_BATCH_MAX_ITEMS. */
export function batchJsonLimits(config: Config): JsonLimits {
  const items = config.PREFLIGHT_BATCH_MAX_ITEMS
  return {
    maxBytes: items * BATCH_ITEM_BYTES + BATCH_ENVELOPE_BYTES,
    maxDepth: MAX_JSON_DEPTH,
    maxValues: items * BATCH_ITEM_VALUES + 16,
    pace: bodyPace(config),
  }
}

export function batchRoute(context: AppContext) {
  const { config } = context
  // Each item is one preflight in the limiter's batch lane, behind single preflights.
  const batchContext: AppContext = { ...context, options: { ...context.options, lane: 'batch' } }
  const limits = batchJsonLimits(config)
  return new Hono<AppEnv>().post('/', jsonLimit(limits.maxBytes), async (c) => {
    const parsed = batchBodySchema.safeParse(await readJson(c, limits))
    if (!parsed.success) throw fromZod(parsed.error)
    const { items } = parsed.data
    const max = config.PREFLIGHT_BATCH_MAX_ITEMS
    if (items.length > max) throw new ServiceError('too_many_items', `At most ${max} items per batch.`)

    // The client going away (the request's signal, or the response stream cancelled) starts no more items;
    // those in flight stop through the request's signal, as a single preflight does.
    const stop = new AbortController()
    // Each item in flight (at most PREFLIGHT_CONCURRENCY) listens to the client's signal: no leak, no warning.
    setMaxListeners(config.PREFLIGHT_CONCURRENCY + 10, c.req.raw.signal)
    const signal = AbortSignal.any([stop.signal, c.req.raw.signal])
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (value: unknown) => {
          if (!signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`))
        }
        const started = performance.now()
        // notApplicable: items some target does not take at all (an image against Reels); such a target
        // counts neither way (CONTRACT.md, "Targets that do not take the media").
        const counts = emptyTally()
        const scope = { signal: c.req.raw.signal, log: c.var.log }
        const run = async (item: unknown, index: number) => {
          const line = await batchLine(scope, item, index, batchContext)
          count(counts, line)
          send(line)
        }
        // At most that many items of this batch in flight; the server-wide limiter bounds work across requests.
        void eachBounded(items, config.PREFLIGHT_CONCURRENCY, signal, run)
          .then(() => {
            send({ summary: { items: items.length, ...counts, ms: Math.round(performance.now() - started) } })
            if (!signal.aborted) controller.close()
          })
          // Items never throw (runItem answers every failure with a line): this is a bug, and must not crash the server.
          .catch((error: unknown) => {
            c.var.log.error({ err: error }, 'batch stream failed')
            if (!signal.aborted) controller.error(error)
          })
      },
      cancel() {
        stop.abort()
      },
    })
    return c.body(body, 200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' })
  })
}
