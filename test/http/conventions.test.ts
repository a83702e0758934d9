// HTTP conventions: a known path asked with the wrong method is a 405 with Allow; the OpenAPI document
// lists the answers a caller must handle (429, 503, 504) and where the API is served.
import { describe, expect, it } from 'vitest'
import { allowedMethods } from '../../src/http/allowed-methods.js'
import { testApp } from '../helpers/app.js'

const app = testApp()

describe('405 with Allow', () => {
  it.each([
    ['GET', '/v1/preflight', 'POST'],
    ['PUT', '/v1/batch', 'POST'],
    ['GET', '/v1/preflight/file', 'POST'],
    ['DELETE', '/healthz', 'GET, HEAD'],
    ['POST', '/v1/targets', 'GET, HEAD'],
    ['POST', '/', 'GET, HEAD'],
  ])('%s %s answers 405 with Allow: %s and the JSON error', async (method, path, allow) => {
    const res = await app.request(path, { method })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe(allow)
    expect(await res.json()).toEqual({ error: { code: 'method_not_allowed', message: `${path} takes ${allow}.` } })
  })

  it('keeps 404 for a path no route has, and the right method still works', async () => {
    const missing = await app.request('/v1/nope', { method: 'POST' })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('allow')).toBeNull()
    expect((await app.request('/healthz')).status).toBe(200)
  })

  it('matches parameter segments, and ignores middleware registered for every method', () => {
    const routes = [
      { method: 'ALL', path: '/*' },
      { method: 'GET', path: '/assets/:dir/:file' },
      { method: 'POST', path: '/v1/jobs/:id' },
      { method: 'DELETE', path: '/v1/jobs/:id' },
    ]
    expect(allowedMethods(routes, '/assets/web/page.js')).toEqual(['GET', 'HEAD'])
    expect(allowedMethods(routes, '/assets/web')).toEqual([])
    expect(allowedMethods(routes, '/v1/jobs/abc')).toEqual(['DELETE', 'POST'])
    expect(allowedMethods(routes, '/elsewhere')).toEqual([])
  })
})

describe('OpenAPI conventions', () => {
  it('lists 429, 503 and 504 on the routes that do media work, and a servers entry', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      servers: { url: string }[]
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
      components: { responses: Record<string, { description: string }> }
    }
    expect(doc.servers).toEqual([{ url: '/', description: 'This preflight service' }])
    for (const path of ['/v1/preflight', '/v1/preflight/file']) {
      expect(Object.keys(doc.paths[path]!.post!.responses)).toEqual(expect.arrayContaining(['429', '503', '504']))
    }
    expect(Object.keys(doc.paths['/v1/batch']!.post!.responses)).toEqual(expect.arrayContaining(['429', '503']))
    expect(doc.components.responses.MethodNotAllowed!.description).toContain('method_not_allowed')
    expect(doc.components.responses.DeadlineExceeded!.description).toContain('deadline_exceeded')
  })
})
