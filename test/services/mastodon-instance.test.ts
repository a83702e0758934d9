// A fake Mastodon instance on 127.0.0.1: its limits replace the defaults, and every way it can fail falls back.
import type { RequestListener } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { preflight, type PreflightOptions } from '../../src/pipeline/preflight.js'
import { loadConfig } from '../../src/config.js'
import { preflightOptions } from '../../src/pipeline/preflight.js'
import { guardedAgent } from '../../src/services/guarded-agent.js'
import { MastodonInstances } from '../../src/services/mastodon-instances.js'
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

const json = (body: unknown, status = 200): RequestListener => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

const loopback = (timeoutMs: number) =>
  guardedAgent({ allowPrivateNetworks: true, connectTimeoutMs: timeoutMs, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs })

const SMALL = {
  version: '4.3.1',
  configuration: {
    statuses: { max_characters: 20, max_media_attachments: 4, characters_reserved_per_url: 23 },
    media_attachments: { image_size_limit: 5_000, image_matrix_limit: 33_177_600, supported_mime_types: ['image/jpeg', 'image/png'] },
  },
}

async function check(origin: string | undefined, options: PreflightOptions = testOptions(), sample = 'feed-ok-1080x1350.jpg') {
  const report = await preflight(
    { media: [{ path: samplePath(sample) }], targets: ['mastodon'], post: { caption: 'x'.repeat(30) }, ...(origin ? { mastodonInstance: origin } : {}) },
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
    const { origin } = await instance({ '/api/v2/instance': json({ version: '4.3.1', configuration: { media_attachments } }) })
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
    const release = (version: string) => instance({ '/api/v2/instance': json({ ...SMALL, version, configuration: { statuses: { max_characters: 500 } } }) })
    const broken = await check((await release('4.7.2')).origin, testOptions(), 'photo-400x500.heic')
    expect(broken.result.findings.map((f) => [f.rule, f.severity, f.platformError])).toEqual([['image.format', 'error', '500']])
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
    const instances = new MastodonInstances({ dispatcher: loopback(2000), timeoutMs: 2000, ttlMs: 1000, maxEntries: 2, maxBytes: 1 << 20, now: () => now })
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
    const { origin } = await instance({ '/api/v2/instance': json({ configuration: { statuses: { max_characters: 'many' } } }) })
    expect(await fallback(origin)).toBe('no_configuration')
  })
  it('when its body is too large', async () => {
    const { origin } = await instance({ '/api/v2/instance': (_req, res) => res.end(`{"pad":"${'x'.repeat(1_100_000)}"}`) })
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
    const instances = new MastodonInstances({ dispatcher: loopback(200), timeoutMs: 200, ttlMs: 1000, maxEntries: 2, maxBytes: 1 << 20 })
    expect(await fallback(origin, testOptions({ instances }))).toBe('timeout')
  })
})

describe('redirects', () => {
  it('follows a redirect to the instance document', async () => {
    const target = await instance({ '/api/v2/instance': json(SMALL) })
    const { origin } = await instance({
      '/api/v2/instance': (_req, res) => res.writeHead(301, { location: `${target.origin}/api/v2/instance` }).end(),
    })
    expect((await check(origin)).rules).toEqual(['image.file_size:error', 'post.caption_length:error'])
  })
})
