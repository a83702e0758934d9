// POST /v1/preflight: a JSON request naming media by URL.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ServiceError } from '../../errors.js'
import type { AppContext, AppEnv } from '../context.js'
import { fromZod, mediaUrl, toRequest } from '../request.js'
import { runPreflight } from '../run-preflight.js'
import { preflightBodySchema } from '../schemas.js'

// A preflight request is a few URLs and a caption: 1 MiB is generous.
const MAX_JSON_BYTES = 1024 * 1024

export function preflightRoute(context: AppContext) {
  const { config } = context
  return new Hono<AppEnv>().post(
    '/',
    bodyLimit({
      maxSize: MAX_JSON_BYTES,
      onError: () => {
        throw new ServiceError('payload_too_large', `The JSON body may be at most ${MAX_JSON_BYTES} bytes.`)
      },
    }),
    async (c) => {
      if (!/^application\/([\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
        throw new ServiceError('unsupported_media_type', 'Send Content-Type: application/json (or use /v1/preflight/file for uploads).')
      }
      let json: unknown
      try {
        json = await c.req.json()
      } catch {
        throw new ServiceError('invalid_json', 'The body is not valid JSON.')
      }
      const parsed = preflightBodySchema.safeParse(json)
      if (!parsed.success) throw fromZod(parsed.error)
      const body = parsed.data
      const urls = [...(body.url !== undefined ? [body.url] : []), ...(body.media ?? []).map((m) => m.url)]
      const request = toRequest(body, urls.map(mediaUrl), config.PREFLIGHT_MAX_ITEMS)
      return c.json(await runPreflight(c, request, context))
    },
  )
}
