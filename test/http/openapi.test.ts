// GET /openapi.json and /docs: valid OpenAPI 3.1, every route of the contract and of the app, docs served offline.
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { SERVICE_ERROR_CODES } from '../../src/errors.js'
import { testApp } from '../helpers/app.js'

const app = testApp()
const doc = (await (await app.request('/openapi.json')).json()) as {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
  components: {
    schemas: Record<string, { properties?: Record<string, unknown> }>
    responses: Record<string, { description: string }>
  }
}

// The contract's routes (CONTRACT.md "HTTP API" and "Other routes", issues 7 and 9).
const CONTRACT_ROUTES = [
  'post /v1/preflight',
  'post /v1/preflight/file',
  'post /v1/batch',
  'get /v1/targets',
  'get /healthz',
  'get /readyz',
  'get /metrics',
  'get /openapi.json',
  'get /docs',
  'get /',
  'get /favicon.svg',
  // CONTRACT.md "Jobs" and "Fixing" (issues 19 and 20).
  'post /v1/audits',
  'post /v1/fix',
  'get /v1/jobs/{id}',
  'delete /v1/jobs/{id}',
  'get /v1/jobs/{id}/results',
  'get /v1/jobs/{id}/events',
  'get /v1/jobs/{id}/outputs/{n}',
]
// Files the page and the docs load: served, but not part of the API.
const ASSETS = /^\/(assets|docs\/assets)\//

const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`))

/** Every `$ref` in the document, with where it sits. */
function refs(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => refs(v, `${at}/${i}`))
  if (node === null || typeof node !== 'object') return []
  return Object.entries(node).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refs(v, `${at}/${k}`),
  )
}

function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      doc,
    )
}

describe('GET /openapi.json', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(doc.info).toMatchObject({ title: 'preflight', version: expect.stringMatching(/^\d+\.\d+\.\d+/) })
    const result = await new Validator().validate(structuredClone(doc))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('resolves every $ref', () => {
    const all = refs(doc)
    expect(all.length).toBeGreaterThan(20)
    expect(all.filter(({ ref }) => resolve(ref) === undefined)).toEqual([])
  })

  it('lists every route of the contract', () => {
    expect(documented.filter((r) => !CONTRACT_ROUTES.includes(r))).toEqual([])
    expect(CONTRACT_ROUTES.filter((r) => !documented.includes(r))).toEqual([])
  })

  it('documents every route the app serves', () => {
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && !ASSETS.test(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`)
    expect([...new Set(served)].filter((r) => !documented.includes(r))).toEqual([])
  })

  it('documents the request fields from the schemas that validate them', () => {
    const request = doc.components.schemas.PreflightRequest?.properties ?? {}
    expect(Object.keys(request).sort()).toEqual(
      [
        'altText',
        'caption',
        'depth',
        'mastodonInstance',
        'media',
        'productTags',
        'spoilerText',
        'targets',
        'thumbOffsetMs',
        'tiktokMaxDurationS',
        'tiktokVerifiedPrefixes',
        'title',
        'url',
        'xPremium',
      ].sort(),
    )
    expect(Object.keys(doc.components.schemas.UploadForm?.properties ?? {})).toEqual(
      expect.arrayContaining([
        'file',
        'spoilerText',
        'title',
        'xPremium',
        'tiktokVerifiedPrefixes',
        'tiktokMaxDurationS',
      ]),
    )
  })

  it('documents every error code of the service in an error response', () => {
    const described = Object.values(doc.components.responses).map((r) => r.description)
    const codes: string[] = [...SERVICE_ERROR_CODES, 'internal']
    expect(codes.filter((code) => !described.some((d) => d.includes(` ${code}`)))).toEqual([])
  })

  it('documents the report and every error status on the preflight routes', () => {
    const report = doc.components.schemas.Report?.properties ?? {}
    expect(Object.keys(report).sort()).toEqual(['items', 'ok', 'results'])
    // Media work: 503 while stopping (and, for uploads, while the temp-disk budget is taken), 504 past the deadline.
    for (const path of ['/v1/preflight', '/v1/preflight/file']) {
      expect(Object.keys(doc.paths[path]!.post!.responses).sort()).toEqual([
        '200',
        '400',
        '401',
        '408',
        '413',
        '415',
        '429',
        '503',
        '504',
      ])
    }
  })
})

describe('GET /docs', () => {
  it('serves Swagger UI with its assets from the package, not a CDN', async () => {
    const page = await (await app.request('/docs')).text()
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(assets.length).toBe(2)
    expect(assets.filter((a) => !a.startsWith('/docs/assets/'))).toEqual([])
    for (const asset of assets) {
      const res = await app.request(asset)
      expect(res.status).toBe(200)
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
    }
    expect(page).toContain("url: '/openapi.json'")
  })

  it('serves nothing else from the docs assets', async () => {
    const res = await app.request('/docs/assets/swagger-ui-dist/package.json')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})
