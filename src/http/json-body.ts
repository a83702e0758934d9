// JSON request bodies in the contract's terms: a size limit (413), the content type (415), parse errors (400),
// and a shape bounded before JSON.parse builds anything: nesting depth (400) and value count (413).
import type { Context, MiddlewareHandler } from 'hono'
import { ServiceError } from '../errors.js'
import { pacedBody, type BodyPace } from './body-stream.js'
import type { AppEnv } from './context.js'
import { JsonShape, type JsonShapeLimits } from './json-shape.js'

export interface JsonLimits extends JsonShapeLimits {
  maxBytes: number
  pace: BodyPace
}

const tooLarge = (maxBytes: number) =>
  new ServiceError('payload_too_large', `The JSON body may be at most ${maxBytes} bytes.`)

/** A declared Content-Length over the limit is refused before a byte is read. */
export function jsonLimit(maxBytes: number): MiddlewareHandler {
  return (c, next) => {
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && parseInt(length, 10) > maxBytes)
      throw tooLarge(maxBytes)
    return next()
  }
}

/**
 * The parsed body; `hint` ends the 415 message (where else to go). The bytes are counted and their shape
 * scanned as they arrive, so a body past a limit is refused at that byte, never buffered whole or parsed:
 * 16 MiB of nested brackets would otherwise become a tree of hundreds of MB.
 */
export async function readJson(c: Context<AppEnv>, limits: JsonLimits, hint = ''): Promise<unknown> {
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ServiceError('unsupported_media_type', `Send Content-Type: application/json${hint}.`)
  }
  const shape = new JsonShape(limits)
  const chunks: Buffer[] = []
  let bytes = 0
  try {
    for await (const chunk of pacedBody(c, limits.pace)) {
      const data = chunk as Buffer
      bytes += data.length
      if (bytes > limits.maxBytes) throw tooLarge(limits.maxBytes)
      shape.feed(data)
      chunks.push(data)
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error
    throw new ServiceError('bad_request', 'The request body could not be read.', { cause: error })
  }
  try {
    return JSON.parse(Buffer.concat(chunks, bytes).toString('utf8'))
  } catch {
    throw new ServiceError('invalid_json', 'The body is not valid JSON.')
  }
}
