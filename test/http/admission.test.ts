// Whole-request admission on the real server: a carousel that cannot all be queued is refused (429) before
// any of its items starts, so none of them works for an answer no one gets; a 20-item carousel admitted
// runs without a MaxListenersExceededWarning.
import { createReadStream } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Limiter } from '../../src/services/limiter.js'
import { testApp } from '../helpers/app.js'
import { listen, type Listening } from '../helpers/listen.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

let origin: TestServer
// Every path the origin was asked for; /hold/* answers wait until the test releases them.
const seen: string[] = []
const held: ServerResponse[] = []
let arrived: () => void = () => undefined

function photo(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'image/jpeg' })
  createReadStream(samplePath('small-200x250.jpg')).pipe(res)
}

function video(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'video/mp4' })
  createReadStream(samplePath('clip-360x640.mp4')).pipe(res)
}

beforeAll(async () => {
  origin = await startServer((req, res) => {
    if (req.url === '/robots.txt') return void res.writeHead(404).end()
    seen.push(req.url ?? '')
    if (req.url?.startsWith('/hold/')) {
      held.push(res)
      arrived()
      return
    }
    if (req.url?.endsWith('.mp4')) return video(res)
    photo(res)
  })
})
afterAll(() => origin.close())

/** Resolves once `count` requests are held, or fails after 10 s. */
async function heldCount(count: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (held.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${held.length} of ${count} requests reached the origin`)
    await new Promise<void>((resolve) => {
      arrived = resolve
      setTimeout(resolve, 100)
    })
  }
}

const post = (base: string, body: unknown) =>
  fetch(`${base}/v1/preflight`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  })

describe('admission of a whole request', () => {
  const limiter = new Limiter({ concurrency: 2, maxQueue: 2 })
  let server: Listening

  beforeAll(async () => {
    server = await listen(testApp({}, { limiter }))
  })
  afterAll(() => server.close())

  it('refuses a 20-item carousel at capacity with 429 before any item starts, and leaves no work behind', async () => {
    // Two held items take both slots.
    const first = post(server.base, {
      media: [{ url: origin.url('/hold/a') }, { url: origin.url('/hold/b') }],
      targets: ['threads'],
    })
    await heldCount(2)
    expect(limiter.active).toBe(2)

    const refused = await post(server.base, {
      media: Array.from({ length: 20 }, (_, i) => ({ url: origin.url(`/c/${i}.jpg`) })),
      targets: ['threads'],
    })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('2')
    expect(await refused.json()).toEqual({ error: { code: 'too_many_requests', message: expect.any(String) } })

    for (const res of held.splice(0)) photo(res)
    expect((await first).status).toBe(200)
    // Slots freed by the first request would have started the refused carousel's queued items.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(seen.filter((path) => path.startsWith('/c/'))).toEqual([])
    expect(limiter.active).toBe(0)
    expect(limiter.queued).toBe(0)

    // The refusal left no reservation behind: a carousel that fits (2 slots + 2 waiting) is taken.
    const small = await post(server.base, {
      media: Array.from({ length: 4 }, (_, i) => ({ url: origin.url(`/d/${i}.jpg`) })),
      targets: ['threads'],
    })
    expect(small.status).toBe(200)
    expect(limiter.active).toBe(0)
  }, 30_000)
})

describe('20 items at once', () => {
  let server: Listening

  beforeAll(async () => {
    server = await listen(testApp({ PREFLIGHT_CONCURRENCY: '16', PREFLIGHT_MAX_QUEUE: '64' }))
  })
  afterAll(() => server.close())

  it('runs a 20-item carousel, a 20-item batch 16 at a time and 12 requests at once without a MaxListenersExceededWarning', async () => {
    const warnings: Error[] = []
    const onWarning = (warning: Error) => void warnings.push(warning)
    process.on('warning', onWarning)
    try {
      const carousel = Array.from({ length: 20 }, (_, i) => ({ url: origin.url(`/e/${i}.${i % 2 ? 'mp4' : 'jpg'}`) }))
      const res = await post(server.base, { media: carousel, targets: ['threads', 'instagram.carousel'] })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(20)

      const items = Array.from({ length: 20 }, (_, i) => ({ url: origin.url(`/f/${i}.jpg`), targets: ['threads'] }))
      const batch = await fetch(`${server.base}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
        signal: AbortSignal.timeout(20_000),
      })
      const lines = (await batch.text()).trim().split('\n')
      expect(lines).toHaveLength(21) // 20 items and the summary

      const singles = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          post(server.base, { url: origin.url(`/g/${i}.jpg`), targets: ['threads'] }),
        ),
      )
      expect(singles.map((r) => r.status)).toEqual(Array(12).fill(200))
      await Promise.all(singles.map((r) => r.arrayBuffer()))
      await new Promise((resolve) => setImmediate(resolve)) // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([])
  }, 60_000)
})
