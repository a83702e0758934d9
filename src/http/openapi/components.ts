// OpenAPI components: every schema with a zod id, as JSON Schema 2020-12, plus the error responses.
import { z } from 'zod'
import { codesByStatus } from '../../errors.js'
import '../report-schema.js' // registers the response schemas' ids
import '../../request/schemas.js' // registers the request schemas' ids
import './extra-schemas.js' // registers the documentation-only schemas' ids
import './job-schemas.js' // and those of the job routes

type JsonSchema = Record<string, unknown>

/** The schemas registered with an id, each referring to the others through #/components/schemas. */
export function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'input', // requests are documented as sent, before transforms; responses have none
    unrepresentable: 'any',
  })
  // Each component is embedded in the document: its own $schema and $id would only confuse tools.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as JsonSchema]),
  )
}

// How the docs name and explain each error status; a status without an entry is still documented, by number.
const ERROR_STATUSES: Record<number, { name: string; what: string }> = {
  400: {
    name: 'BadRequest',
    what: 'Malformed request: bad JSON (or nested deeper than 32), missing or unknown target, a URL that is not http(s), a field of the wrong type',
  },
  401: { name: 'Unauthorized', what: 'Missing or wrong API key (only when PREFLIGHT_API_KEYS is set)' },
  404: { name: 'NotFound', what: 'No such route, or (jobs) no such job: unknown or expired' },
  405: {
    name: 'MethodNotAllowed',
    what: 'A known route asked with another method; the Allow header lists the methods it takes',
  },
  408: {
    name: 'RequestTimeout',
    what: 'The request head or body came too slowly: a gap between body bytes past PREFLIGHT_CLIENT_BODY_IDLE_MS, or a rate below PREFLIGHT_CLIENT_MIN_BODY_BPS',
  },
  413: { name: 'PayloadTooLarge', what: 'Upload or body over the configured limit: bytes, JSON values, or form parts' },
  415: { name: 'UnsupportedMediaType', what: 'Wrong Content-Type for the route' },
  429: { name: 'TooManyRequests', what: 'The work queue is full or the rate limit is reached; retry later' },
  500: { name: 'Internal', what: 'A bug: logged, never a stack trace in the reply' },
  503: {
    name: 'Unavailable',
    what: 'The service is stopping (or not ready), or (uploads) the temp-disk budget is taken by work in flight; retry after Retry-After seconds',
  },
  504: {
    name: 'DeadlineExceeded',
    what: 'The request took longer than PREFLIGHT_REQUEST_TIMEOUT_MS; the work was stopped',
  },
}

const responseName = (status: number) => ERROR_STATUSES[status]?.name ?? `Status${status}`

/** One response per status the service's errors use, each naming the codes it carries. */
export function errorResponses(): Record<string, JsonSchema> {
  const statuses: [number, string[]][] = [...codesByStatus(), [500, ['internal']]]
  return Object.fromEntries(
    statuses.map(([status, codes]) => [
      responseName(status),
      {
        description: `${ERROR_STATUSES[status]?.what ?? `HTTP ${status}`}. Codes: ${codes.join(', ')}.`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  )
}

export const errorRef = (status: 400 | 401 | 404 | 405 | 408 | 413 | 415 | 429 | 500 | 503 | 504) => ({
  $ref: `#/components/responses/${responseName(status)}`,
})
