// The one place an exception becomes a response: ServiceErrors by their code, anything else a bare 500.
import type { ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ServiceError } from '../errors.js'

/** Hono's own exceptions (malformed JSON, body limit) in the contract's terms. */
function fromHono(err: HTTPException): ServiceError {
  if (err.status === 413) return new ServiceError('payload_too_large', 'The request body is too large.')
  if (err.status === 401) return new ServiceError('unauthorized', 'A valid API key is required.')
  if (err.status === 415) return new ServiceError('unsupported_media_type', 'Unsupported request content type.')
  return new ServiceError('bad_request', 'The request could not be read.')
}

export const onError: ErrorHandler = (err, c) => {
  const known = err instanceof HTTPException ? fromHono(err) : err
  if (known instanceof ServiceError) {
    return c.json({ error: { code: known.code, message: known.message } }, known.status)
  }
  console.error('unhandled error', err) // a bug: the detail goes to the log, not the reply
  return c.json({ error: { code: 'internal', message: 'Internal error' } }, 500)
}
