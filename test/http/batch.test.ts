// POST /v1/batch: NDJSON in finishing order, limits, bad items, cache hits, lanes, and a client going away.
import { serve } from '@hono/node-server'
import { createReadStream } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createApp } from '../../src/http/app.js'
import { Limiter } from '../../src/services/limiter.js'
import { createLogger } from '../../src/services/logger.js'
import { json, testApp } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

let media: TestServer
const seen: string[] = []
const held = new Map<string, { release: () => void; closed: Promise<void> }>()
let heard: (path: string) => void = () => undefined

beforeAll(async () => {
  media = await startServer((req, res) => {
    const path = req.url ?? '/'
    seen.push(path)
    heard(path)
    if (path.startsWith('/stall/')) {
      // Headers and the JPEG's first bytes, then nothing until released: an item still downloading.
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.write(Buffer.from([0xff, 0xd8]))
      const closed = new Promise<void>((resolve) => res.on('close', () => resolve()))
      held.set(path, {
        release: () => createReadStream(samplePath('feed-ok-1080x1350.jpg'), { start: 2 }).pipe(res),
        closed,
      })
      return
    }
    res.writeHead(200, { 'content-type': 'image/jpeg' })
    createReadStream(samplePath(path.includes('tall') ? 'tall-1080x1920.jpg' : 'feed-ok-1080x1350.jpg')).pipe(res)
  })
})
afterAll(async () => {
  for (const { release } of held.values()) release()
  await media.close()
})

/** Resolves when the media server has been asked for `path` (bounded by the test's timeout). */
function requested(path: string): Promise<void> {
  if (seen.includes(path)) return Promise.resolve()
  return new Promise((resolve) => {
    const previous = heard
    heard = (p) => {
      previous(p)
      if (p === path) resolve()
    }
  })
}

/** Reads NDJSON lines one at a time as they arrive. */
function lines(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return async function next(): Promise<Record<string, unknown> | null> {
    for (;;) {
      const at = buffer.indexOf('\n')
      if (at >= 0) {
        const line = buffer.slice(0, at)
        buffer = buffer.slice(at + 1)
        return JSON.parse(line) as Record<string, unknown>
      }
      const { value, done } = await reader.read()
      if (done) return null
      buffer += decoder.decode(value, { stream: true })
    }
  }
}

const item = (path: string, targets = ['threads']) => ({ url: media.url(path), targets })

describe('POST /v1/batch', () => {
  it('streams each line as its item finishes: a fast item after a stalled one arrives first', async () => {
    const app = testApp({ PREFLIGHT_CONCURRENCY: '2' })
    const res = await app.request('/v1/batch', json({ items: [item('/stall/order'), item('/fast-order.jpg')] }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    const next = lines(res.body!)
    const first = await next()
    expect(first).toMatchObject({ index: 1, report: { ok: true } })
    await requested('/stall/order')
    held.get('/stall/order')!.release()
    expect(await next()).toMatchObject({ index: 0, report: { ok: true } })
    expect(await next()).toMatchObject({ summary: { items: 2, ok: 2, failed: 0, errors: 0 } })
    expect(await next()).toBeNull()
  })

  it('counts an item a target does not take at all as notApplicable in the summary, not failed', async () => {
    const app = testApp()
    const res = await app.request(
      '/v1/batch',
      json({
        items: [item('/na-photo.jpg', ['instagram.reels', 'instagram.feed']), item('/na-tall.jpg', ['instagram.feed'])],
      }),
    )
    const got = (await res.text())
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            index?: number
            report?: { ok: boolean; results: { target: string; findings: { rule: string }[] }[] }
            summary?: unknown
          },
      )
    const photo = got.find((l) => l.index === 0)!.report!
    // The item's own report still fails Reels with media.kind: only the batch's counting changes.
    expect(photo.ok).toBe(false)
    expect(photo.results.find((r) => r.target === 'instagram.reels')!.findings.map((f) => f.rule)).toContain(
      'media.kind',
    )
    expect(got.at(-1)).toEqual({
      summary: expect.objectContaining({ items: 2, ok: 1, failed: 1, errors: 0, notApplicable: 1 }),
    })
  })

  it('answers a bad item with an error line and checks the others', async () => {
    const app = testApp()
    const res = await app.request(
      '/v1/batch',
      json({
        items: [
          item('/tall.jpg', ['instagram.feed']),
          { url: media.url('/x.jpg'), targets: ['myspace'] },
          'not an object',
          { url: 'ftp://example.com/a.jpg', targets: ['threads'] },
          { url: media.url('/x.jpg') },
        ],
      }),
    )
    expect(res.status).toBe(200)
    const text = await res.text()
    const got = text
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { index?: number; error?: { code: string }; report?: { ok: boolean }; summary?: unknown },
      )
    const byIndex = new Map(got.filter((l) => l.index !== undefined).map((l) => [l.index, l]))
    expect(byIndex.get(0)?.report?.ok).toBe(false)
    expect(byIndex.get(1)?.error?.code).toBe('unknown_target')
    expect(byIndex.get(2)?.error?.code).toBe('invalid_field')
    expect(byIndex.get(3)?.error?.code).toBe('invalid_url')
    expect(byIndex.get(4)?.error?.code).toBe('missing_targets')
    expect(got.at(-1)).toEqual({ summary: expect.objectContaining({ items: 5, ok: 0, failed: 1, errors: 4 }) })
  })

  it.each([
    // Refused before any item is fetched: these URLs are never asked for.
    {
      why: 'more items than the limit',
      body: { items: ['a', 'b', 'c'].map((n) => ({ url: `http://127.0.0.1:9/${n}.jpg`, targets: ['threads'] })) },
      status: 400,
      code: 'too_many_items',
    },
    { why: 'no items', body: { items: [] }, status: 400, code: 'invalid_field' },
    { why: 'items not a list', body: { items: 'x' }, status: 400, code: 'invalid_field' },
  ])('refuses $why with $status before streaming', async ({ body, status, code }) => {
    const res = await testApp({ PREFLIGHT_BATCH_MAX_ITEMS: '2' }).request('/v1/batch', json(body))
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } })
  })

  it('refuses a body that is not JSON', async () => {
    const app = testApp()
    expect(
      (await app.request('/v1/batch', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status,
    ).toBe(415)
    expect(
      (await app.request('/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }))
        .status,
    ).toBe(400)
  })

  it('reuses probed facts for the same bytes on a second run (cache hit), and not when the cache is off', async () => {
    for (const [env, second] of [
      [{}, 'hit'],
      [{ PREFLIGHT_PROBE_CACHE: 'false' }, 'bypass'],
    ] as const) {
      const app = testApp(env)
      const run = async () => {
        const res = await app.request('/v1/batch', json({ items: [item('/cache.jpg')] }))
        const [line] = (await res.text())
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { report: { items: { cache: string; media: unknown }[] } })
        return line!.report.items[0]!
      }
      const a = await run()
      const b = await run()
      expect(a.cache).toBe(second === 'hit' ? 'miss' : 'bypass')
      expect(b.cache).toBe(second)
      expect(b.media).toEqual(a.media)
    }
  })

  it('serves a single preflight before the rest of a batch waiting for the same slot', async () => {
    const limiter = new Limiter({ concurrency: 1, maxQueue: 8 })
    const app = createApp(
      loadConfig({ ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true', PREFLIGHT_CONCURRENCY: '3' }),
      { limiter, logger: createLogger('silent') }, // no log lines on the test run's stdout
    )
    const batch = await app.request(
      '/v1/batch',
      json({ items: [item('/stall/lane-a'), item('/lane-b.jpg'), item('/lane-c.jpg')] }),
    )
    await requested('/stall/lane-a')
    await until(() => limiter.queued === 2) // the batch's other two items wait for the one slot
    const single = app.request('/v1/preflight', json(item('/single.jpg')))
    await until(() => limiter.queued === 3)
    held.get('/stall/lane-a')!.release()
    expect((await single).status).toBe(200)
    await batch.text()
    const order = seen.filter((p) => ['/stall/lane-a', '/lane-b.jpg', '/lane-c.jpg', '/single.jpg'].includes(p))
    expect(order).toEqual(['/stall/lane-a', '/single.jpg', '/lane-b.jpg', '/lane-c.jpg'])
  })

  it('stops the remaining work when the client goes away, and leaves no scratch files', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'preflight-batch-gone-'))
    const config = loadConfig({
      ...process.env,
      PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
      PREFLIGHT_CONCURRENCY: '2',
      PREFLIGHT_TMPDIR: scratch,
    })
    const app = createApp(config, { logger: createLogger('silent') }) // no log lines on the test run's stdout
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const { port } = server.address() as AddressInfo
    const client = new AbortController()
    try {
      const items = [item('/stall/gone-1'), item('/stall/gone-2'), item('/gone-3.jpg')]
      const res = await fetch(`http://127.0.0.1:${port}/v1/batch`, { ...json({ items }), signal: client.signal })
      expect(res.status).toBe(200)
      await Promise.all([requested('/stall/gone-1'), requested('/stall/gone-2')])
      client.abort()
      // Both downloads in flight are dropped, and the third item never starts.
      await Promise.all([held.get('/stall/gone-1')!.closed, held.get('/stall/gone-2')!.closed])
      expect(seen).not.toContain('/gone-3.jpg')
      await until(async () => (await readdir(scratch)).length === 0)
    } finally {
      await rm(scratch, { recursive: true, force: true })
      await new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
    }
  })
})

/** Waits for `condition`, yielding to the event loop between looks; bounded so a bug fails instead of hanging. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000 && !(await condition()); i++)
    await new Promise((resolve) => setTimeout(resolve, i < 100 ? 0 : 5))
  expect(await condition()).toBe(true)
}
