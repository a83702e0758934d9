// The one place an exception becomes a response: ServiceErrors by their code, anything else a bare 500.
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ServiceError } from '../errors.js'
import type { Logger } from '../services/logger.js'
import type { AppEnv } from './context.js'

// A full queue drains, and a stopping instance is replaced, within seconds: most media items take under one.
const RETRY_AFTER_S = 2

/** Hono's own exceptions (malformed JSON, body limit) in the contract's terms. */
function fromHono(err: HTTPException): ServiceError {
  if (err.status === 413) return new ServiceError('payload_too_large', 'The request body is too large.')
  if (err.status === 401) return new ServiceError('unauthorized', 'A valid API key is required.')
  if (err.status === 415) return new ServiceError('unsupported_media_type', 'Unsupported request content type.')
  return new ServiceError('bad_request', 'The request could not be read.')
}

export function onError(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    const known = err instanceof HTTPException ? fromHono(err) : err
    if (known instanceof ServiceError) return serviceErrorResponse(known, c)
    // A bug: the detail goes to the log (URLs without query strings), not the reply.
    ;(c.get('log') ?? logger).error({ err }, 'unhandled error')
    return c.json({ error: { code: 'internal', message: 'Internal error' } }, 500)
  }
}

export function serviceErrorResponse(error: ServiceError, c: Context): Response {
  if (error.status === 401) c.header('WWW-Authenticate', 'Bearer')
  if (error.status === 429 || error.status === 503) c.header('Retry-After', String(RETRY_AFTER_S))
  return c.json({ error: { code: error.code, message: error.message } }, error.status as ContentfulStatusCode)
}
