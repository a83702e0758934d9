// OpenAPI paths of the jobs: audits, fixes, and a job's state, results, events, outputs and cancel.
import { errorRef } from './components.js'

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` })
const job = (description: string) => ({ description, content: { 'application/json': { schema: ref('Job') } } })
const secured = { security: [{ bearerAuth: [] }, {}] }
const v1Errors = { 401: errorRef(401), 429: errorRef(429) }
const bodyErrors = { 400: errorRef(400), 408: errorRef(408), 413: errorRef(413), 415: errorRef(415) }
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The job id' }
const missing = { 404: errorRef(404) }
const queued = {
  headers: { Location: { description: 'The job', schema: { type: 'string' } } },
}

export const jobPaths = {
  '/v1/audits': {
    post: {
      operationId: 'audit',
      summary: 'Start an audit job: many preflight requests, run by the job engine',
      description:
        'Answers 202 at once; results are read from /v1/jobs/{id}/results while the job runs. 429 with Retry-After when PREFLIGHT_AUDIT_MAX_JOBS audits are queued or running. The body may be at most PREFLIGHT_AUDIT_MAX_BYTES (32 MiB): past it 413, whose message says how many items fitted; each item at most 1 MiB and 16,384 JSON values (413).',
      tags: ['jobs'],
      ...secured,
      requestBody: { required: true, content: { 'application/json': { schema: ref('AuditRequest') } } },
      responses: { 202: { ...job('The job, queued'), ...queued }, ...bodyErrors, ...v1Errors, 503: errorRef(503) },
    },
  },
  '/v1/fix': {
    post: {
      operationId: 'fix',
      summary: 'Start a fix job: make files the targets accept, and prove it',
      description:
        'The /v1/preflight JSON, or the /v1/preflight/file form, plus `strategy` and `allowTrim`. With `Prefer: wait=N` (N ≤ 60) the answer is 200 with the finished job when it ends within N seconds, else 202. 429 with Retry-After when PREFLIGHT_FIX_MAX_JOBS fixes are queued or running.',
      tags: ['jobs'],
      ...secured,
      parameters: [{ name: 'Prefer', in: 'header', required: false, schema: { type: 'string', example: 'wait=30' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: ref('FixRequest') },
          'multipart/form-data': {
            schema: ref('FixForm'),
            encoding: { file: { contentType: 'application/octet-stream' } },
          },
        },
      },
      responses: {
        200: job('The finished job (with Prefer: wait=N)'),
        202: { ...job('The job, queued or running'), ...queued },
        ...bodyErrors,
        ...v1Errors,
        503: errorRef(503),
      },
    },
  },
  '/v1/jobs/{id}': {
    get: {
      operationId: 'job',
      summary: 'A job: state, progress, result',
      tags: ['jobs'],
      ...secured,
      parameters: [id],
      responses: { 200: job('The job'), ...missing, ...v1Errors },
    },
    delete: {
      operationId: 'cancelJob',
      summary: 'Cancel a job: its work stops; a finished job is left as it is',
      tags: ['jobs'],
      ...secured,
      parameters: [id],
      responses: { 200: job('The job, cancelled (or as it finished)'), ...missing, ...v1Errors },
    },
  },
  '/v1/jobs/{id}/results': {
    get: {
      operationId: 'jobResults',
      summary: "An audit's results so far, NDJSON lines as /v1/batch writes them",
      description:
        'One line per item stored, each index once, in no set order; a finished audit ends with its summary line.',
      tags: ['jobs'],
      ...secured,
      parameters: [id],
      responses: {
        200: {
          description: 'NDJSON: one BatchLine per line',
          content: { 'application/x-ndjson': { schema: ref('BatchLine') } },
        },
        ...missing,
        ...v1Errors,
      },
    },
  },
  '/v1/jobs/{id}/events': {
    get: {
      operationId: 'jobEvents',
      summary:
        'Server-Sent Events: `progress` ({ state, done, total }) as it changes, then the final state (`done`, `failed` or `cancelled`) with the job',
      tags: ['jobs'],
      ...secured,
      parameters: [id],
      responses: {
        200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        ...missing,
        ...v1Errors,
      },
    },
  },
  '/v1/jobs/{id}/outputs/{n}': {
    get: {
      operationId: 'jobOutput',
      summary: "A fix job's output file",
      tags: ['jobs'],
      ...secured,
      parameters: [id, { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }],
      responses: {
        200: {
          description: 'The file',
          content: {
            'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
        ...missing,
        ...v1Errors,
      },
    },
  },
} as const
