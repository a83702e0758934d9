// A few preflights the service runs on itself before it listens, so that its first callers do not pay for a cold
// process: V8 compiles each function on its first calls and optimizes the hot ones later, undici compiles its HTTP
// parser on the first fetch, libvips builds its JPEG and PNG loaders on the first image. Measured on the 2-core
// development machine (50 photo preflights at concurrency 8 on a fresh service, same bytes, 6 services each): 8.9
// ms of CPU a photo in the first round without, 7.4 with; a warm-up calling the pipeline directly, not through
// HTTP, gave 8.2 (the request path is most of what is cold); ~3.6 once warm. Opt-in (PREFLIGHT_WARM_UP): the
// process then keeps ~9 MB more resident for good, which took the 10-minute soak's peak past 150 MB.
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import type { Config } from '../config.js'
import { createService } from '../http/app.js'
import { serveApp } from '../http/serve.js'
import { loadSharp } from '../pipeline/probe-image.js'
import { Lifecycle } from './lifecycle.js'
import { createLogger } from './logger.js'
import { Metrics } from './metrics.js'
import { fullCollection } from '../fetch/scavenge.js'

export interface WarmUpResult {
  /** Preflights answered 200. */
  preflights: number
  ms: number
}

// The first callers' usual concurrency, twice over: enough for what every request runs to be compiled and the
// hottest of it optimized; each costs a few ms.
const ROUNDS = 2
const AT_ONCE = 8
const TARGETS = ['instagram.feed', 'threads', 'mastodon']
// Whatever happens, the service listens after this long.
const DEADLINE_MS = 5_000

/**
 * Preflights of a JPEG and a PNG served by a loopback origin of its own, sent over loopback HTTP to a throwaway
 * service made from the same configuration: the same code end to end (the HTTP server, the routes, the crawler's
 * fetch, the probe, the decode proof, the checks, the report), but nothing of the service's own is touched: no log
 * line, no metric, no cache entry, no rate-limit count. Loopback is allowed for the throwaway's fetches only.
 */
export async function warmUp(config: Config): Promise<WarmUpResult> {
  const started = performance.now()
  const deadline = AbortSignal.timeout(DEADLINE_MS)
  const own: Config = {
    ...config,
    PREFLIGHT_ALLOW_PRIVATE_NETWORKS: true,
    PREFLIGHT_PROBE_CACHE: false,
    PREFLIGHT_RATE_LIMIT: 0,
    PREFLIGHT_API_KEYS: [],
    PREFLIGHT_REDIS_URL: undefined,
    PREFLIGHT_LOG_LEVEL: 'silent',
  }
  const lifecycle = new Lifecycle()
  const { app, jobs } = createService(own, { logger: createLogger('silent'), metrics: new Metrics(), lifecycle })
  const origin = await listening(createServer(await pictures()))
  const at = { port: 0, hostname: '127.0.0.1' }
  const service = await new Promise<Server>((resolve) => {
    const server = serveApp(app, own, () => resolve(server), at)
  })
  let preflights = 0
  const client = new Agent()
  try {
    const base = `http://127.0.0.1:${port(service)}`
    const media = `http://127.0.0.1:${port(origin)}`
    for (let round = 0; round < ROUNDS && !deadline.aborted; round++) {
      await Promise.all(
        Array.from({ length: AT_ONCE }, async (_, i) => {
          const url = `${media}/${i % 2 ? 'photo.png' : 'photo.jpg'}?n=${round}-${i}`
          // undici, as the crawler uses: Node's own fetch is another copy of it (its code and parser memory).
          const answer = await client.request({
            origin: base,
            path: '/v1/preflight',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ url, targets: TARGETS }),
            signal: deadline,
          })
          await answer.body.dump()
          if (answer.statusCode === 200) preflights++
        }),
      )
    }
  } finally {
    lifecycle.drain()
    for (const server of [service, origin]) {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
    await client.close()
    await jobs.close(0)
  }
  // What the throwaway service allocated is garbage now: collected before the service proper starts.
  fullCollection()
  return { preflights, ms: Math.round(performance.now() - started) }
}

const port = (server: Server) => (server.address() as AddressInfo).port

function listening(server: Server): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

/**
 * An origin of a photo of the usual size and grain (a JPEG of ~150 KB) and a small PNG, made here so nothing is
 * shipped for it, with Range as origins serve it; anything else (robots.txt included) is a 404.
 */
async function pictures(): Promise<RequestListener> {
  const sharp = await loadSharp()
  const noise = sharp({
    create: {
      width: 1080,
      height: 1350,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
  const raw = await noise.raw().toBuffer({ resolveWithObject: true })
  const picture = () => sharp(raw.data, { raw: raw.info })
  const [jpeg, png] = await Promise.all([
    picture().jpeg({ quality: 80 }).toBuffer(),
    picture().resize(320, 400).png().toBuffer(),
  ])
  const files = new Map([
    ['/photo.jpg', { type: 'image/jpeg', bytes: jpeg }],
    ['/photo.png', { type: 'image/png', bytes: png }],
  ])
  return (req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://origin').pathname)
    if (!file) return void res.writeHead(404).end()
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    if (!range) return void res.writeHead(200, { 'content-type': file.type }).end(file.bytes)
    const size = file.bytes.length
    const start = Number(range[1])
    const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1)
    res
      .writeHead(206, { 'content-type': file.type, 'content-range': `bytes ${start}-${end}/${size}` })
      .end(file.bytes.subarray(start, end + 1))
  }
}
