// API keys, the per-client rate limit, the full-queue 429 and the request deadline, through app.request().
import { createReadStream } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, testApp } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

let server: TestServer
// Requests to /stall are held until the test releases them; `nextArrival()` resolves when one arrives.
const held: ServerResponse[] = []
let arrived: () => void = () => undefined

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/stall') {
      held.push(res)
      arrived()
      return
    }
    res.writeHead(200, { 'content-type': 'image/jpeg' })
    createReadStream(samplePath('feed-ok-1080x1350.jpg')).pipe(res)
  })
})
afterAll(() => server.close())

function nextArrival(): Promise<void> {
  return new Promise((resolve) => (arrived = resolve))
}

/** The queue depth as /metrics reports it. */
async function queueWaiting(app: ReturnType<typeof testApp>): Promise<number> {
  const text = await (await app.request('/metrics')).text()
  return Number(/^preflight_queue_waiting (\d+)$/m.exec(text)?.[1])
}

function releaseAll() {
  for (const res of held.splice(0)) {
    res.writeHead(200, { 'content-type': 'image/jpeg' })
    createReadStream(samplePath('feed-ok-1080x1350.jpg')).pipe(res)
  }
}

describe('API keys', () => {
  const keyed = testApp({ PREFLIGHT_API_KEYS: 'key-one,key-two' })

  it.each([
    ['no Authorization header', {}],
    ['a wrong key', { authorization: 'Bearer key-three' }],
    ['a key as a prefix of a right one', { authorization: 'Bearer key-on' }],
    ['a right key under another scheme', { authorization: 'Basic key-one' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers %s on /v1 with 401, WWW-Authenticate and the error body', async (_name, headers) => {
    for (const [path, init] of [
      ['/v1/targets', { headers }],
      [
        '/v1/preflight',
        {
          ...json({ url: server.url('/a.jpg'), targets: ['threads'] }),
          headers: { ...headers, 'content-type': 'application/json' },
        },
      ],
    ] as const) {
      const res = await keyed.request(path, init)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } })
    }
  })

  it.each(['Bearer key-one', 'bearer key-two'])('lets %s through', async (authorization) => {
    expect((await keyed.request('/v1/targets', { headers: { authorization } })).status).toBe(200)
  })

  it.each(['/healthz', '/readyz', '/metrics'])('leaves %s open', async (path) => {
    expect((await keyed.request(path)).status).toBe(200)
  })

  it('needs no key when none is configured', async () => {
    expect((await testApp().request('/v1/targets')).status).toBe(200)
  })
})

describe('rate limit', () => {
  it('answers the request past the limit with 429, Retry-After and RateLimit headers, per key', async () => {
    const app = testApp({
      PREFLIGHT_API_KEYS: 'key-one,key-two',
      PREFLIGHT_RATE_LIMIT: '2',
      PREFLIGHT_RATE_WINDOW_MS: '60000',
    })
    const as = (key: string) => ({ headers: { authorization: `Bearer ${key}` } })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/v1/targets', as('key-one'))).status)
    expect(statuses).toEqual([200, 200, 429])
    const limited = await app.request('/v1/targets', as('key-one'))
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    expect(limited.headers.get('ratelimit-limit')).toBe('2')
    expect(limited.headers.get('ratelimit-remaining')).toBe('0')
    expect(limited.headers.get('ratelimit-policy')).toBe('2;w=60')
    expect(await limited.json()).toEqual({
      error: { code: 'too_many_requests', message: expect.stringContaining('2 requests per 60 s') },
    })
    // Another key has its own budget, and the open routes have none.
    expect((await app.request('/v1/targets', as('key-two'))).status).toBe(200)
    expect((await app.request('/healthz')).status).toBe(200)
  })

  it('counts by client address without keys: the last X-Forwarded-For entry behind a trusted proxy', async () => {
    const app = testApp({ PREFLIGHT_RATE_LIMIT: '1', PREFLIGHT_TRUST_PROXY: 'true' })
    const from = (chain: string) => ({ headers: { 'x-forwarded-for': chain } })
    expect((await app.request('/v1/targets', from('203.0.113.9, 198.51.100.1'))).status).toBe(200)
    // A spoofed first entry does not buy a new budget: the proxy's own entry is last.
    expect((await app.request('/v1/targets', from('192.0.2.77, 198.51.100.1'))).status).toBe(429)
    expect((await app.request('/v1/targets', from('198.51.100.2'))).status).toBe(200)
  })

  it('is off at 0', async () => {
    const app = testApp({ PREFLIGHT_RATE_LIMIT: '0' })
    const statuses = new Set<number>()
    for (let i = 0; i < 5; i++) statuses.add((await app.request('/v1/targets')).status)
    expect([...statuses]).toEqual([200])
  })
})

describe('body sizes', () => {
  it('answers a JSON body over 1 MiB with 413, whether its length is declared or not', async () => {
    const big = JSON.stringify({ targets: ['threads'], caption: 'x'.repeat(1024 * 1024) })
    const declared = await testApp().request('/v1/preflight', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) },
      body: big,
    })
    const unstated = await testApp().request('/v1/preflight', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    })
    const chunked = await testApp().request('/v1/preflight', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit)
    for (const res of [declared, unstated, chunked]) {
      expect(res.status).toBe(413)
      expect((await res.json()).error.code).toBe('payload_too_large')
    }
  })
})

describe('a full queue', () => {
  it('answers 429 with Retry-After while every slot and queue place is taken, then serves again', async () => {
    const app = testApp({ PREFLIGHT_CONCURRENCY: '1', PREFLIGHT_MAX_QUEUE: '0' })
    const arrival = nextArrival()
    const first = app.request('/v1/preflight', json({ url: server.url('/stall'), targets: ['threads'] }))
    await arrival // the first request holds the only slot
    const refused = await app.request('/v1/preflight', json({ url: server.url('/ok.jpg'), targets: ['threads'] }))
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.json()).toEqual({ error: { code: 'too_many_requests', message: expect.any(String) } })
    releaseAll()
    expect((await first).status).toBe(200)
    expect(
      (await app.request('/v1/preflight', json({ url: server.url('/ok.jpg'), targets: ['threads'] }))).status,
    ).toBe(200)
  })
})

describe('the request deadline', () => {
  it('answers 504 when a download outlives it, and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preflight-deadline-'))
    const app = testApp({ PREFLIGHT_REQUEST_TIMEOUT_MS: '300', PREFLIGHT_TMPDIR: dir })
    const res = await app.request('/v1/preflight', json({ url: server.url('/stall'), targets: ['threads'] }))
    expect(res.status).toBe(504)
    expect(await res.json()).toEqual({
      error: { code: 'deadline_exceeded', message: 'The preflight did not finish within 300 ms.' },
    })
    expect(await readdir(dir)).toEqual([])
    releaseAll()
    await rm(dir, { recursive: true })
  })
})

describe('a client that leaves', () => {
  it('stops its download (499, for the access log), and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preflight-gone-'))
    const app = testApp({ PREFLIGHT_TMPDIR: dir })
    const controller = new AbortController()
    const arrival = nextArrival()
    const res = app.request('/v1/preflight', {
      ...json({ url: server.url('/stall'), targets: ['threads'] }),
      signal: controller.signal,
    })
    await arrival
    controller.abort()
    expect((await res).status).toBe(499)
    expect(await readdir(dir)).toEqual([])
    releaseAll()
    await rm(dir, { recursive: true })
  })

  it('leaves the queue when it was still waiting for a slot', async () => {
    const app = testApp({ PREFLIGHT_CONCURRENCY: '1', PREFLIGHT_MAX_QUEUE: '1' })
    const arrival = nextArrival()
    const first = app.request('/v1/preflight', json({ url: server.url('/stall'), targets: ['threads'] }))
    await arrival
    const controller = new AbortController()
    const waiting = app.request('/v1/preflight', {
      ...json({ url: server.url('/ok.jpg'), targets: ['threads'] }),
      signal: controller.signal,
    })
    for (let tries = 0; tries < 200 && (await queueWaiting(app)) === 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10))
    // The queue has one place: while the second request holds it, a third is refused.
    const third = app.request('/v1/preflight', json({ url: server.url('/ok.jpg'), targets: ['threads'] }))
    expect((await third).status).toBe(429)
    controller.abort()
    expect((await waiting).status).toBe(499)
    // Its place is free again: the next request waits instead of being refused.
    const next = app.request('/v1/preflight', json({ url: server.url('/ok.jpg'), targets: ['threads'] }))
    releaseAll()
    expect((await first).status).toBe(200)
    expect((await next).status).toBe(200)
  })
})
