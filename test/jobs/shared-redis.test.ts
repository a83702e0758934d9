// Two service processes' worth of apps on one real redis-server share the rate limit and the probe cache.
import { createReadStream } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createService, type Service } from '../../src/http/app.js'
import { createLogger } from '../../src/services/logger.js'
import { json } from '../helpers/app.js'
import { RedisServer } from '../helpers/redis.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const redis = new RedisServer()
let origin: TestServer
const services: Service[] = []

beforeAll(async () => {
  await redis.start()
  origin = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' })
    createReadStream(samplePath('feed-ok-1080x1350.jpg')).pipe(res)
  })
})
afterAll(async () => {
  for (const s of services) await s.jobs.close(1000)
  await origin.close()
  await redis.stop()
})

function service(env: Record<string, string>) {
  const config = loadConfig({ ...process.env, PREFLIGHT_REDIS_URL: redis.url, PREFLIGHT_WORKER: 'false', ...env })
  const made = createService(config, { logger: createLogger('silent') })
  services.push(made)
  return made.app
}

describe('one Redis behind several services', () => {
  it('counts one rate limit per client across services', async () => {
    const [a, b] = [service({ PREFLIGHT_RATE_LIMIT: '3' }), service({ PREFLIGHT_RATE_LIMIT: '3' })]
    const statuses = []
    for (const app of [a, b, a, b]) statuses.push((await app.request('/v1/targets')).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const refused = await b.request('/v1/targets')
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_requests')
  })

  it('reuses facts another service probed: a hit from the shared probe cache', async () => {
    const [a, b] = [service({ PREFLIGHT_RATE_LIMIT: '0' }), service({ PREFLIGHT_RATE_LIMIT: '0' })]
    const body = json({ url: origin.url('/photo.jpg'), targets: ['instagram.feed'] })
    const first = (await (await a.request('/v1/preflight', body)).json()) as { items: { cache: string }[] }
    expect(first.items[0]!.cache).toBe('miss')
    const second = (await (await b.request('/v1/preflight', body)).json()) as { items: { cache: string }[] }
    expect(second.items[0]!.cache).toBe('hit')
  })
})
