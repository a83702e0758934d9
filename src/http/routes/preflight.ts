// POST /v1/preflight: a JSON request naming media by URL.
import { Hono } from 'hono'
import type { AppContext, AppEnv } from '../context.js'
import { jsonLimit, readJson } from '../json-body.js'
import { fromBody, fromZod } from '../request.js'
import { runPreflight } from '../run-preflight.js'
import { preflightBodySchema } from '../schemas.js'

// A preflight request is a few URLs and a caption: 1 MiB is generous.
const MAX_JSON_BYTES = 1024 * 1024

export function preflightRoute(context: AppContext) {
  const { config } = context
  return new Hono<AppEnv>().post(
    '/',
    jsonLimit(MAX_JSON_BYTES),
    async (c) => {
      const parsed = preflightBodySchema.safeParse(await readJson(c, ' (or use /v1/preflight/file for uploads)'))
      if (!parsed.success) throw fromZod(parsed.error)
      return c.json(await runPreflight(c, fromBody(parsed.data, config.PREFLIGHT_MAX_ITEMS), context))
    },
  )
}
