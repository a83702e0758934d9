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

/** The 413 of a body over `maxBytes`: `bytes` is its declared length, or null when it passed the limit streaming. */
export type TooLarge = (maxBytes: number, bytes: number | null) => ServiceError

const tooLarge: TooLarge = (maxBytes) =>
  new ServiceError('payload_too_large', `The JSON body may be at most ${maxBytes} bytes.`)

/** A declared Content-Length over the limit is refused before a byte is read. */
export function jsonLimit(maxBytes: number, refuse: TooLarge = tooLarge): MiddlewareHandler {
  return (c, next) => {
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && parseInt(length, 10) > maxBytes)
      throw refuse(maxBytes, parseInt(length, 10))
    return next()
  }
}

/**
 * Hands each chunk of a JSON body to `onChunk` as it arrives, after the content type (415, `hint` ends its
 * message: where else to go), counted against `maxBytes` (413 at that byte) and paced (408).
 */
export async function eachJsonChunk(
  c: Context<AppEnv>,
  limits: Pick<JsonLimits, 'maxBytes' | 'pace'>,
  onChunk: (data: Buffer) => void,
  { hint = '', refuse = tooLarge }: { hint?: string; refuse?: TooLarge } = {},
): Promise<void> {
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ServiceError('unsupported_media_type', `Send Content-Type: application/json${hint}.`)
  }
  let bytes = 0
  try {
    for await (const chunk of pacedBody(c, limits.pace)) {
      const data = chunk as Buffer
      bytes += data.length
      if (bytes > limits.maxBytes) throw refuse(limits.maxBytes, null)
      onChunk(data)
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error
    throw new ServiceError('bad_request', 'The request body could not be read.', { cause: error })
  }
}

/**
 * The parsed body. The bytes are counted and their shape scanned as they arrive, so a body past a limit is
 * refused at that byte, never buffered whole or parsed: 16 MiB of nested brackets would otherwise become a
 * tree of hundreds of MB.
 */
export async function readJson(c: Context<AppEnv>, limits: JsonLimits, hint = ''): Promise<unknown> {
  const shape = new JsonShape(limits)
  const chunks: Buffer[] = []
  let bytes = 0
  await eachJsonChunk(
    c,
    limits,
    (data) => {
      shape.feed(data)
      chunks.push(data)
      bytes += data.length
    },
    { hint },
  )
  try {
    return JSON.parse(Buffer.concat(chunks, bytes).toString('utf8'))
  } catch {
    throw invalidJson()
  }
}

export const invalidJson = () => new ServiceError('invalid_json', 'The body is not valid JSON.')
