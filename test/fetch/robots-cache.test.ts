// robots.txt answers kept per origin: one request for many downloads, 4xx kept, 5xx kept briefly, expiry, LRU bound in origins and bytes.
import type { ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { answerBytes, RobotsCache } from '../../src/services/robots-cache.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { fetchUrl } from './helpers.js'

const HOUR = 3_600_000
const MINUTE = 60_000

describe('robots.txt cache on the wire', () => {
  const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
  let robots: (res: ServerResponse) => void = (res) => void res.writeHead(404).end()
  let robotsRequests = 0
  let server: TestServer
  let clock = 0
  const cache = (ttlMs = HOUR) =>
    new RobotsCache({ ttlMs, unavailableTtlMs: MINUTE, maxOrigins: 10, maxBytes: 1024 * 1024, now: () => clock })
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url !== '/robots.txt') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG)
      robotsRequests++
      robots(res)
    })
  })
  afterAll(() => server.close())
  beforeEach(() => {
    robotsRequests = 0
    clock = 0
  })

  it('fetches robots.txt once per origin and judges each path against the kept rules', async () => {
    robots = (res) =>
      void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n')
    const robotsCache = cache()
    expect((await fetchUrl(server.url('/media/a.jpg'), { robots: robotsCache })).rules).toEqual([])
    expect((await fetchUrl(server.url('/private/a.jpg'), { robots: robotsCache })).rules).toEqual([
      'fetch.crawler_blocked',
    ])
    expect((await fetchUrl(server.url('/media/b.jpg'), { robots: robotsCache })).rules).toEqual([])
    expect(robotsRequests).toBe(1)
  })

  it('keeps a 4xx (allow all) for the whole TTL, then asks again', async () => {
    robots = (res) => void res.writeHead(404).end()
    const robotsCache = cache()
    await fetchUrl(server.url('/a.jpg'), { robots: robotsCache })
    clock = HOUR - 1
    await fetchUrl(server.url('/a.jpg'), { robots: robotsCache })
    expect(robotsRequests).toBe(1)
    clock = HOUR
    await fetchUrl(server.url('/a.jpg'), { robots: robotsCache })
    expect(robotsRequests).toBe(2)
  })

  it('keeps a 5xx only for a minute, still reporting it meanwhile', async () => {
    robots = (res) => void res.writeHead(503).end()
    const robotsCache = cache()
    const tiers = async () =>
      (await fetchUrl(server.url('/a.jpg'), { robots: robotsCache })).findings
        .filter((f) => f.rule === 'fetch.crawler_blocked')
        .map((f) => f.tier)
    expect(await tiers()).toEqual(['robots_unavailable'])
    clock = MINUTE - 1
    expect(await tiers()).toEqual(['robots_unavailable'])
    expect(robotsRequests).toBe(1)
    clock = MINUTE
    robots = (res) => void res.writeHead(404).end()
    expect(await tiers()).toEqual([])
    expect(robotsRequests).toBe(2)
  })

  it('a TTL of 0 keeps nothing', async () => {
    robots = (res) => void res.writeHead(404).end()
    const robotsCache = cache(0)
    await fetchUrl(server.url('/a.jpg'), { robots: robotsCache })
    await fetchUrl(server.url('/a.jpg'), { robots: robotsCache })
    expect(robotsRequests).toBe(2)
    expect(robotsCache.size).toBe(0)
  })
})

describe('RobotsCache', () => {
  it('drops the least recently used origin past its bound', () => {
    const cache = new RobotsCache({
      ttlMs: HOUR,
      unavailableTtlMs: MINUTE,
      maxOrigins: 2,
      maxBytes: 1024 * 1024,
      now: () => 0,
    })
    cache.set('http://a', { rules: [] })
    cache.set('http://b', { rules: [] })
    expect(cache.get('http://a')).toEqual({ rules: [] }) // a is now the most recently used
    cache.set('http://c', { unavailable: 'down' })
    expect(cache.size).toBe(2)
    expect(cache.get('http://b')).toBeNull()
    expect(cache.get('http://a')).toEqual({ rules: [] })
    expect(cache.get('http://c')).toEqual({ unavailable: 'down' })
  })

  it('drops the least recently used origins past its byte bound, and keeps no answer larger than the bound', () => {
    const rules = (n: number) => ({
      rules: Array.from({ length: n }, (_, i) => ({ allow: false, pattern: `/private/${i}` })),
    })
    const one = answerBytes('http://a', rules(100))
    const cache = new RobotsCache({
      ttlMs: HOUR,
      unavailableTtlMs: MINUTE,
      maxOrigins: 100,
      maxBytes: 2 * one + 10,
      now: () => 0,
    })
    cache.set('http://a', rules(100))
    cache.set('http://b', rules(100))
    expect(cache.bytes).toBe(2 * one)
    cache.get('http://a')
    cache.set('http://c', rules(100))
    expect([cache.get('http://a') !== null, cache.get('http://b') !== null, cache.get('http://c') !== null]).toEqual([
      true,
      false,
      true,
    ])
    expect(cache.bytes).toBe(2 * one)
    cache.set('http://d', rules(1_000))
    expect(cache.get('http://d')).toBeNull()
    expect(cache.size).toBe(2)
    cache.set('http://a', { rules: [] })
    expect(cache.bytes).toBe(one + answerBytes('http://a', { rules: [] }))
  })
})
