// OpenAPI paths: every route of the contract, its request, its responses and its errors.
import { errorRef } from './components.js'

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` })
const json = (schema: object) => ({ 'application/json': { schema } })
const text = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string' } } },
})
const report = {
  description: 'The report: a 200 also when media cannot be fetched or read',
  content: json(ref('Report')),
}

// Every /v1 route: the key (when keys are configured), and the queue and rate limits.
const v1Errors = { 401: errorRef(401), 429: errorRef(429) }
// Routes that do media work: a stopping service, and the request deadline.
const workErrors = { 503: errorRef(503), 504: errorRef(504) }
const bodyErrors = { 400: errorRef(400), 408: errorRef(408), 413: errorRef(413), 415: errorRef(415) }
const secured = { security: [{ bearerAuth: [] }, {}] } // `{}`: no key needed when PREFLIGHT_API_KEYS is unset

export const paths = {
  '/v1/preflight': {
    post: {
      operationId: 'preflight',
      summary: 'Check media URLs against targets',
      description:
        '`url` is shorthand for `media: [{ url }]`; several `media` items make a carousel. Media is fetched as Meta’s crawler would.',
      tags: ['preflight'],
      ...secured,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: ref('PreflightRequest'),
            examples: {
              one: {
                summary: 'One URL, two targets',
                value: { url: 'https://cdn.example.com/clip.mp4', targets: ['instagram.reels', 'threads'] },
              },
              carousel: {
                summary: 'A carousel with a caption',
                value: {
                  media: [{ url: 'https://cdn.example.com/1.jpg' }, { url: 'https://cdn.example.com/2.jpg' }],
                  targets: ['instagram.carousel'],
                  caption: 'Two photos #travel',
                },
              },
              mastodon: {
                summary: 'A Mastodon status with a content warning, judged by its instance',
                value: {
                  url: 'https://cdn.example.com/clip.mp4',
                  targets: ['mastodon'],
                  caption: 'Spoilers for the finale',
                  spoilerText: 'TV spoilers',
                  mastodonInstance: 'https://mastodon.example',
                },
              },
            },
          },
        },
      },
      responses: { 200: report, ...bodyErrors, ...v1Errors, ...workErrors },
    },
  },
  '/v1/preflight/file': {
    post: {
      operationId: 'preflightFile',
      summary: 'Check uploaded files against targets',
      description:
        "The upload is streamed to disk, never held in memory. `source` is null in the report. Files take room in the temp-disk budget (PREFLIGHT_TEMP_BUDGET_BYTES) shared with downloads: 413 when one request's files could never fit it, 503 `insufficient_storage` with Retry-After when they fit once work in flight ends.",
      tags: ['preflight'],
      ...secured,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: ref('UploadForm'),
            encoding: { file: { contentType: 'application/octet-stream' } },
          },
        },
      },
      responses: { 200: report, ...bodyErrors, ...v1Errors, ...workErrors },
    },
  },
  '/v1/batch': {
    post: {
      operationId: 'batch',
      summary: 'Check many preflight requests, streamed back as NDJSON',
      description:
        'One line per item as it finishes (with its index), then a summary line. A bad item is a failed line, not a failed batch. Work shares the server-wide limiter, behind single preflights.',
      tags: ['preflight'],
      ...secured,
      requestBody: { required: true, content: json(ref('BatchRequest')) },
      responses: {
        200: {
          description: 'NDJSON: one BatchLine per line',
          content: { 'application/x-ndjson': { schema: ref('BatchLine') } },
        },
        ...bodyErrors,
        ...v1Errors,
        503: errorRef(503),
      },
    },
  },
  '/v1/targets': {
    get: {
      operationId: 'targets',
      summary: 'Every target with its rules as data (limits, severities, platform errors, sources)',
      tags: ['meta'],
      ...secured,
      responses: { 200: { description: 'The targets table', content: json(ref('Targets')) }, ...v1Errors },
    },
  },
  '/healthz': {
    get: {
      operationId: 'healthz',
      summary: 'The process is alive',
      tags: ['meta'],
      responses: { 200: { description: 'Alive', content: json(ref('Health')) } },
    },
  },
  '/readyz': {
    get: {
      operationId: 'readyz',
      summary: 'Ready when ffprobe runs',
      tags: ['meta'],
      responses: {
        200: { description: 'Ready', content: json(ref('Ready')) },
        503: { description: 'ffprobe does not run', content: json(ref('NotReady')) },
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      tags: ['meta'],
      responses: { 200: text('text/plain', 'Prometheus text format') },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openapi',
      summary: 'This document',
      tags: ['meta'],
      responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
    },
  },
  '/docs': {
    get: {
      operationId: 'docs',
      summary: 'Interactive API docs (Swagger UI, served locally)',
      tags: ['meta'],
      responses: { 200: text('text/html', 'HTML') },
    },
  },
  '/favicon.svg': {
    get: {
      operationId: 'favicon',
      summary: "The page's icon",
      tags: ['meta'],
      responses: { 200: text('image/svg+xml', 'SVG') },
    },
  },
  '/': {
    get: {
      operationId: 'page',
      summary: 'The upload page: drop files or paste URLs, see verdicts and fixes',
      tags: ['meta'],
      responses: { 200: text('text/html', 'HTML') },
    },
  },
} as const
