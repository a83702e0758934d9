// OpenAPI components: every schema with a zod id, as JSON Schema 2020-12, plus the error responses.
import { z } from 'zod'
import { codesWithStatus, type ServiceStatus } from '../../errors.js'
import '../report-schema.js' // registers the response schemas' ids
import '../schemas.js' // registers the request schemas' ids
import './extra-schemas.js' // registers the documentation-only schemas' ids

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

const ERROR_STATUSES: Record<string, { status: ServiceStatus | 500; what: string }> = {
  BadRequest: { status: 400, what: 'Malformed request: bad JSON, missing or unknown target, a URL that is not http(s), a field of the wrong type' },
  Unauthorized: { status: 401, what: 'Missing or wrong API key (only when PREFLIGHT_API_KEYS is set)' },
  NotFound: { status: 404, what: 'No such route' },
  PayloadTooLarge: { status: 413, what: 'Upload or body over the configured limit' },
  UnsupportedMediaType: { status: 415, what: 'Wrong Content-Type for the route' },
  TooManyRequests: { status: 429, what: 'The work queue is full; retry later' },
  Unavailable: { status: 503, what: 'Not ready' },
  Internal: { status: 500, what: 'A bug: logged, never a stack trace in the reply' },
}

/** One response per error status, each naming the codes it carries. */
export function errorResponses(): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([name, { status, what }]) => {
      const codes = status === 500 ? ['internal'] : codesWithStatus(status)
      return [
        name,
        {
          description: `${what}. Codes: ${codes.join(', ')}.`,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      ]
    }),
  )
}

export const errorRef = (name: keyof typeof ERROR_STATUSES) => ({ $ref: `#/components/responses/${name}` })
