// JSON request bodies in the contract's terms: a size limit (413), the content type (415), parse errors (400).
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ServiceError } from '../errors.js'

export function jsonLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => new ServiceError('payload_too_large', `The JSON body may be at most ${maxBytes} bytes.`)
  const streamed = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge()
    },
  })
  // With a Content-Length (and no Transfer-Encoding), bodyLimit only compares the header, yet asking it
  // costs a web Request and stream around the body; the same comparison here keeps Node's direct read.
  return (c, next) => {
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next)
    if (parseInt(length, 10) > maxBytes) throw tooLarge()
    return next()
  }
}

/** The parsed body; `hint` ends the 415 message (where else to go). */
export async function readJson(c: Context, hint = ''): Promise<unknown> {
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ServiceError('unsupported_media_type', `Send Content-Type: application/json${hint}.`)
  }
  try {
    return await c.req.json()
  } catch {
    throw new ServiceError('invalid_json', 'The body is not valid JSON.')
  }
}
