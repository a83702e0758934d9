// A fake Mastodon instance on 127.0.0.1: its limits replace the defaults, and every way it can fail falls back.
import type { RequestListener } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { preflight } from '../../src/pipeline/preflight.js'
import { type PreflightOptions } from '../../src/pipeline/options.js'
import { loadConfig } from '../../src/config.js'
import { preflightOptions } from '../../src/pipeline/options.js'
import { guardedAgent } from '../../src/fetch/guarded-agent.js'
import { lookupBytes, MastodonInstances } from '../../src/services/mastodon-instances.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

/** A server answering each path with its handler; other paths 404. Counts requests per path. */
async function instance(routes: Record<string, RequestListener>) {
  const hits: string[] = []
  const server = await startServer((req, res) => {
    hits.push(req.url ?? '')
    const route = routes[req.url ?? '']
    if (route) return route(req, res)
    res.writeHead(404).end()
  })
  servers.push(server)
  return { origin: server.url('').replace(/\/$/, ''), hits }
}

const json =
  (body: unknown, status = 200): RequestListener =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }

const loopback = (timeoutMs: number) =>
  guardedAgent({
    allowPrivateNetworks: true,
    connectTimeoutMs: timeoutMs,
    headersTimeoutMs: timeoutMs,
    bodyTimeoutMs: timeoutMs,
  })

const SMALL = {
  version: '4.3.1',
  configuration: {
    statuses: { max_characters: 20, max_media_attachments: 4, characters_reserved_per_url: 23 },
    media_attachments: {
      image_size_limit: 5_000,
      image_matrix_limit: 33_177_600,
      supported_mime_types: ['image/jpeg', 'image/png'],
    },
  },
}

async function check(
  origin: string | undefined,
  options: PreflightOptions = testOptions(),
  sample = 'feed-ok-1080x1350.jpg',
) {
  const report = await preflight(
    {
      media: [{ path: samplePath(sample) }],
      targets: ['mastodon'],
      post: { caption: 'x'.repeat(30) },
      ...(origin ? { mastodonInstance: origin } : {}),
    },
    options,
  )
  const result = report.results[0]!
  return { result, rules: result.findings.map((f) => `${f.rule}:${f.severity}`).sort() }
}

describe('instance limits replace the defaults', () => {
  it('passes on the defaults and fails on a smaller instance', async () => {
    const { origin } = await instance({ '/api/v2/instance': json(SMALL) })
    expect((await check(undefined)).result.verdict).toBe('pass') // a 12 kB JPEG and 30 characters
    const { result, rules } = await check(origin)
    expect(rules).toEqual(['image.file_size:error', 'post.caption_length:error'])
    expect(result.verdict).toBe('fail')
    expect(result.instance).toMatchObject({ url: origin, version: '4.3.1', limits: 'instance' })
    expect(result.instance?.fromInstance.map((l) => l.field)).toContain('statuses.max_characters')
    const size = result.findings.find((f) => f.rule === 'image.file_size')
    expect(size?.source[0]).toMatchObject({ key: 'instance', url: `${origin}/api/v2/instance` })
    expect(size?.message).toMatch(/less than 5\.0 kB/)
  })

  it('judges videos by the instance video limits', async () => {
    const media_attachments = { video_size_limit: 100_000, video_matrix_limit: 200_000, video_frame_rate_limit: 24 }
    const { origin } = await instance({
      '/api/v2/instance': json({ version: '4.3.1', configuration: { media_attachments } }),
    })
    expect((await check(undefined, testOptions(), 'clip-360x640.mp4')).rules).toEqual([])
    const { result, rules } = await check(origin, testOptions(), 'clip-360x640.mp4') // 122,711 B, 360x640, 30 fps
    expect(rules).toEqual(['video.file_size:error', 'video.frame_rate:error', 'video.pixels:error'])
    const configured = result.instance?.fromInstance.filter((l) => l.field !== 'version')
    expect(configured?.map((l) => l.rule)).toEqual(['video.file_size', 'video.pixels', 'video.frame_rate'])
  })

  it('reads /api/v1/instance when v2 answers 404', async () => {
    const { origin, hits } = await instance({ '/api/v1/instance': json(SMALL) })
    const { result, rules } = await check(origin)
    expect(hits).toEqual(['/api/v2/instance', '/api/v1/instance'])
    expect(rules).toEqual(['image.file_size:error', 'post.caption_length:error'])
    expect(result.findings[0]?.source[0]?.url).toBe(`${origin}/api/v1/instance`)
  })

  it('refuses HEIC with a 500 on 4.7.2 and converts it elsewhere', async () => {
    const release = (version: string) =>
      instance({
        '/api/v2/instance': json({ ...SMALL, version, configuration: { statuses: { max_characters: 500 } } }),
      })
    const broken = await check((await release('4.7.2')).origin, testOptions(), 'photo-400x500.heic')
    expect(broken.result.findings.map((f) => [f.rule, f.severity, f.platformError])).toEqual([
      ['image.format', 'error', '500'],
    ])
    const fixed = await check((await release('4.7.3')).origin, testOptions(), 'photo-400x500.heic')
    expect(fixed.rules).toEqual(['image.format:warning'])
  })

  it('reads an instance once per TTL', async () => {
    const { origin, hits } = await instance({ '/api/v2/instance': json(SMALL) })
    const options = testOptions()
    await check(origin, options)
    await check(origin, options)
    expect(hits).toEqual(['/api/v2/instance'])
  })

  it('reads it again once the TTL has passed', async () => {
    const { origin, hits } = await instance({ '/api/v2/instance': json(SMALL) })
    let now = 0
    const instances = new MastodonInstances({
      dispatcher: loopback(2000),
      timeoutMs: 2000,
      ttlMs: 1000,
      maxEntries: 2,
      maxBytes: 1 << 20,
      now: () => now,
    })
    await instances.lookup(origin)
    now = 999
    await instances.lookup(origin)
    now = 1000
    await instances.lookup(origin)
    expect(hits).toHaveLength(2)
  })
})

describe('an instance that cannot be read falls back to the defaults', () => {
  const fallback = async (origin: string, options?: PreflightOptions) => {
    const { result, rules } = await check(origin, options)
    expect(rules).toEqual(['post.instance_limits:warning'])
    expect(result.verdict).toBe('warn')
    expect(result.instance).toMatchObject({ url: origin, limits: 'defaults', fromInstance: [] })
    const finding = result.findings[0]!
    expect(finding).toMatchObject({ action: 'retry_later', platformError: null })
    expect(finding).not.toHaveProperty('item')
    return finding.actual
  }

  it('when it is down', async () => {
    const { origin } = await instance({})
    await servers.pop()!.close()
    expect(await fallback(origin)).toBe('unreachable')
  })
  it('when it answers 500', async () => {
    const { origin } = await instance({ '/api/v2/instance': json({ error: 'boom' }, 500) })
    expect(await fallback(origin)).toBe('status')
  })
  it('when it answers 404 to both versions', async () => {
    expect(await fallback((await instance({})).origin)).toBe('status')
  })
  it('when it answers garbage', async () => {
    const { origin } = await instance({ '/api/v2/instance': (_req, res) => res.end('<html>not json') })
    expect(await fallback(origin)).toBe('invalid_json')
  })
  it('when its JSON has no configuration', async () => {
    // (With a version, that release's rules still apply: test/services/mastodon-versions.test.ts.)
    const { origin } = await instance({ '/api/v2/instance': json({ title: 'old' }) })
    expect(await fallback(origin)).toBe('no_configuration')
  })
  it('when its configuration has no usable field', async () => {
    const { origin } = await instance({
      '/api/v2/instance': json({ configuration: { statuses: { max_characters: 'many' } } }),
    })
    expect(await fallback(origin)).toBe('no_configuration')
  })
  it('when its body is too large', async () => {
    const { origin } = await instance({
      '/api/v2/instance': (_req, res) => res.end(`{"pad":"${'x'.repeat(1_100_000)}"}`),
    })
    expect(await fallback(origin)).toBe('too_large')
  })
  it('when its address is refused by the guard', async () => {
    const { origin, hits } = await instance({ '/api/v2/instance': json(SMALL) })
    const guarded = preflightOptions(loadConfig({ ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'false' }))
    expect(await fallback(origin, guarded)).toBe('private_address')
    expect(hits).toEqual([]) // nothing was connected to
  })
  it('when it never answers', async () => {
    const { origin } = await instance({ '/api/v2/instance': () => undefined })
    const instances = new MastodonInstances({
      dispatcher: loopback(200),
      timeoutMs: 200,
      ttlMs: 1000,
      maxEntries: 2,
      maxBytes: 1 << 20,
    })
    expect(await fallback(origin, testOptions({ instances }))).toBe('timeout')
  })
})

describe('redirects', () => {
  const reasonOf = async (origin: string) => {
    const { result } = await check(origin)
    const finding = result.findings.find((f) => f.rule === 'post.instance_limits')
    return { actual: finding?.actual, message: finding?.message ?? '' }
  }

  it('says a redirect loop is a loop, not "HTTP 302"', async () => {
    const { origin, hits } = await instance({
      '/api/v2/instance': (_req, res) => res.writeHead(302, { location: '/api/v2/instance' }).end(),
    })
    const { actual, message } = await reasonOf(origin)
    expect(actual).toBe('redirects')
    expect(message).toContain(`redirect loop: ${origin}/api/v2/instance → ${origin}/api/v2/instance`)
    expect(message).not.toMatch(/HTTP 302/)
    expect(hits).toEqual(['/api/v2/instance']) // seen once: the loop is known before it is followed
  })

  it('says so when a chain of distinct redirects is too long', async () => {
    const { origin } = await instance(
      Object.fromEntries(
        ['/api/v2/instance', '/a', '/b', '/c'].map((path, i, all) => [
          path,
          (_req, res) => res.writeHead(307, { location: all[i + 1] ?? '/d' }).end(),
        ]),
      ),
    )
    const { actual, message } = await reasonOf(origin)
    expect(actual).toBe('redirects')
    expect(message).toContain('more than 3 redirects')
  })

  it('says a redirect without a Location or to another scheme is a bad redirect', async () => {
    const bare = await instance({ '/api/v2/instance': (_req, res) => res.writeHead(301).end() })
    expect(await reasonOf(bare.origin)).toMatchObject({
      actual: 'redirects',
      message: expect.stringContaining('HTTP 301 redirect without a Location header'),
    })
    const ftp = await instance({
      '/api/v2/instance': (_req, res) => res.writeHead(302, { location: 'ftp://example.org/x' }).end(),
    })
    expect(await reasonOf(ftp.origin)).toMatchObject({
      actual: 'redirects',
      message: expect.stringContaining('redirect to a non-http(s) URL (ftp:)'),
    })
  })

  it('names the status and the connection error it met', async () => {
    const teapot = await instance({ '/api/v2/instance': json({}, 503) })
    expect((await reasonOf(teapot.origin)).message).toContain('(status: HTTP 503 Service Unavailable)')
    const down = await instance({})
    await servers.pop()!.close()
    expect((await reasonOf(down.origin)).message).toMatch(
      /\(unreachable: ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+\)/,
    )
  })

  it('follows a redirect to the instance document', async () => {
    const target = await instance({ '/api/v2/instance': json(SMALL) })
    const { origin } = await instance({
      '/api/v2/instance': (_req, res) => res.writeHead(301, { location: `${target.origin}/api/v2/instance` }).end(),
    })
    expect((await check(origin)).rules).toEqual(['image.file_size:error', 'post.caption_length:error'])
  })
})

describe('the instance cache keeps only the extracted limits, bounded by bytes', () => {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  // 1 MiB of JSON that parses to ~24 MB of objects: 350k empty objects beside one real limit, and a huge version.
  const HOSTILE = `{"version":"4.3.0${'x'.repeat(40_000)}","configuration":{"statuses":{"max_characters":20},"junk":[${Array(330_000).fill('{}').join(',')}]}}`

  it('is a hostile answer of just under 1 MiB', () => expect(HOSTILE.length).toBeGreaterThan(1_000_000))

  /** Answers `body` at every `<prefix>/api/v2/instance`, so each prefix is one more cache entry. */
  async function everywhere(body: string) {
    const hits: string[] = []
    const server = await startServer((req, res) => {
      hits.push(req.url ?? '')
      if (!req.url?.endsWith('/api/v2/instance')) return res.writeHead(404).end()
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    })
    servers.push(server)
    return { origin: server.url('').replace(/\/$/, ''), hits }
  }

  it('keeps about a kilobyte per instance, however large the answer', async () => {
    const { origin } = await everywhere(HOSTILE)
    const instances = new MastodonInstances({
      dispatcher: loopback(5000),
      timeoutMs: 10_000,
      ttlMs: 3_600_000,
      maxEntries: 1000,
      maxBytes: 64 << 20,
    })
    await instances.lookup(`${origin}/warm`) // undici's pool and the code paths, before the baseline
    gc()
    const before = process.memoryUsage().heapUsed
    const N = 12
    const lookups = []
    // Each origin is a distinct cache entry (the fake serves the same answer under any prefix).
    for (let i = 0; i < N; i++) lookups.push(await instances.lookup(`${origin}/i${i}`))
    gc()
    const kept = process.memoryUsage().heapUsed - before
    expect(lookups.every((l) => l.ok && l.info.limits.length === 1 && l.info.version?.length === 100)).toBe(true)
    const counted = instances.cached.bytes / instances.cached.entries
    expect(counted).toBeLessThan(2_000)
    // Before: the whole parsed configuration stayed, ~22 MB per entry. Generous: 64 kB each, allocator noise included.
    expect(kept).toBeLessThan(N * 64 * 1024)
  })

  it('drops the oldest entries to stay under its byte budget', async () => {
    const { origin, hits } = await everywhere(JSON.stringify(SMALL))
    const instances = new MastodonInstances({
      dispatcher: loopback(2000),
      timeoutMs: 2000,
      ttlMs: 3_600_000,
      maxEntries: 1000,
      maxBytes: 16 * 1024,
    })
    for (let i = 0; i < 20; i++) await instances.lookup(`${origin}/i${i}`)
    expect(instances.cached.bytes).toBeLessThanOrEqual(16 * 1024)
    expect(instances.cached.entries).toBeLessThan(20)
    expect(instances.cached.entries).toBeGreaterThan(2)
    hits.length = 0
    await instances.lookup(`${origin}/i19`) // the newest is still cached
    await instances.lookup(`${origin}/i0`) // the oldest was dropped: read again
    expect(hits).toEqual(['/i0/api/v2/instance'])
  })

  it('bounds the largest entry an instance can make', () => {
    const limits = [
      {
        field: 'media_attachments.supported_mime_types',
        value: Array.from({ length: 100 }, (_, i) => `image/${String(i).padStart(127, 'x')}`),
      },
      { field: 'statuses.max_characters', value: 500 },
    ]
    const info = {
      origin: 'https://m.example',
      apiUrl: 'https://m.example/api/v2/instance',
      version: 'v'.repeat(100),
      configuration: true,
      limits,
      readAt: new Date(0).toISOString(),
    }
    expect(lookupBytes({ ok: true, info })).toBeLessThan(64 * 1024)
  })
})
