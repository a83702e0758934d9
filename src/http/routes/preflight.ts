// POST /v1/preflight: a JSON request naming media by URL.
import { Hono } from 'hono'
import { bodyPace } from '../body-stream.js'
import type { AppContext, AppEnv } from '../context.js'
import { jsonLimit, readJson, type JsonLimits } from '../json-body.js'
import { fromBody, fromZod } from '../../request/parse.js'
import { runPreflight } from '../run-preflight.js'
import { preflightBodySchema } from '../../request/schemas.js'

// A preflight request is a few URLs and a caption: 1 MiB is generous.
export const MAX_JSON_BYTES = 1024 * 1024
// A request of the largest allowed shape (20 media items, 100 product tags) holds under 2,000 values, 4 deep.
export const MAX_JSON_DEPTH = 32
export const MAX_JSON_VALUES = 16_384

export function preflightRoute(context: AppContext) {
  const { config } = context
  const limits: JsonLimits = {
    maxBytes: MAX_JSON_BYTES,
    maxDepth: MAX_JSON_DEPTH,
    maxValues: MAX_JSON_VALUES,
    pace: bodyPace(config),
  }
  return new Hono<AppEnv>().post('/', jsonLimit(MAX_JSON_BYTES), async (c) => {
    const parsed = preflightBodySchema.safeParse(await readJson(c, limits, ' (or use /v1/preflight/file for uploads)'))
    if (!parsed.success) throw fromZod(parsed.error)
    return c.json(await runPreflight(c, fromBody(parsed.data, config.PREFLIGHT_MAX_ITEMS), context))
  })
}
