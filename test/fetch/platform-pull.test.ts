// TikTok's PULL_FROM_URL rules and Facebook's crawler fetch: pure checks over URLs and timings, then a real loopback server.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TargetName } from '../../platforms/targets.js'
import { targets } from '../../platforms/targets.js'
import { ipHost, pullFindings, underVerifiedPrefix } from '../../src/fetch/pull-checks.js'
import { readMediaUrl } from '../../src/fetch/http-url.js'
import { newSource } from '../../src/fetch/source.js'
import type { PostFacts } from '../../src/facts.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

describe('verified domains and URL prefixes (pure)', () => {
  it.each([
    ['https://example.com/a.mp4', ['example.com'], true],
    ['https://cdn.example.com/a.mp4', ['example.com'], true], // a subdomain of a verified domain
    ['https://CDN.Example.com./a.mp4', ['example.com'], true], // case and a trailing dot do not matter
    ['https://badexample.com/a.mp4', ['example.com'], false], // a suffix that is not a subdomain
    ['https://example.com.evil.net/a.mp4', ['example.com'], false],
    ['https://example.com/media/a.mp4', ['https://example.com/media/'], true], // a URL prefix, as written
    ['https://example.com/other/a.mp4', ['https://example.com/media/'], false],
    ['https://cdn.example.com/media/a.mp4', ['https://example.com/media/'], false], // a prefix names its host exactly
    ['https://example.com/a.mp4', [], false],
  ] as const)('%s under %j: %s', (url, prefixes, under) => {
    expect(underVerifiedPrefix(new URL(url), prefixes)).toBe(under)
  })

  it.each([
    ['https://127.0.0.1/a.mp4', '127.0.0.1'],
    ['https://203.0.113.7:8443/a.mp4', '203.0.113.7'],
    ['https://[2001:db8::1]/a.mp4', '2001:db8::1'],
    ['https://1.2.3.4.example.com/a.mp4', null],
    ['https://example.com/a.mp4', null],
  ] as const)('the host of %s is the IP %s', (url, ip) => {
    expect(ipHost(new URL(url))).toBe(ip)
  })

  const tiktok = targets['tiktok.video'].rules
  const rules = (url: string, post: PostFacts) =>
    pullFindings(tiktok, readMediaUrl(url), null, post).map((f) => `${f.rule}:${f.tier ?? ''}`)

  it('notes ownership as unchecked without tiktokVerifiedPrefixes, judges it with them', () => {
    expect(rules('https://media.example.com/a.mp4', {})).toEqual(['fetch.url_prefix:unchecked'])
    expect(rules('https://media.example.com/a.mp4', { tiktokVerifiedPrefixes: ['example.com'] })).toEqual([])
    expect(rules('https://media.example.com/a.mp4', { tiktokVerifiedPrefixes: ['example.org'] })).toEqual([
      'fetch.url_prefix:',
    ])
    expect(rules('https://198.51.100.4/a.mp4', { tiktokVerifiedPrefixes: ['example.org'] })).toEqual([
      'fetch.url_prefix:',
      'fetch.ip_host:',
    ])
  })

  it('gives targets that pull under other rules none of these findings', () => {
    expect(pullFindings(targets['facebook.reels'].rules, readMediaUrl('https://198.51.100.4/a.mp4'), null, {})).toEqual(
      [],
    )
  })

  // 3,600 s at the smaller of the measured throughput and TikTok's 100 Mbps (12.5 MB/s).
  it.each([
    [45_000_000_000, 50_000_000, false], // measured faster than TikTok's ingress: its 12.5 MB/s counts
    [45_000_000_001, 50_000_000, true],
    [3_600_000_000, 1_000_000, false], // measured slower: 1 MB/s counts
    [3_600_000_001, 1_000_000, true],
  ] as const)('a %i B file measured at %i B/s is past the hour: %s', (size, throughput, past) => {
    const source = { ...newSource('https://example.com/a.mp4'), contentLength: size, throughputBps: throughput }
    const found = pullFindings(tiktok, readMediaUrl(source.url), source, { tiktokVerifiedPrefixes: ['example.com'] })
    expect(found.map((f) => f.rule)).toEqual(past ? ['fetch.timeout'] : [])
    if (past) expect(found[0]).toMatchObject({ args: { phase: 'projected', afterMs: 3_600_000 } })
  })
})

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
const CLIP = readFileSync(samplePath('clip-360x640.mp4'))
let server: TestServer

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const crawler = /facebookexternalhit|meta-external/i.test(req.headers['user-agent'] ?? '')
    if (path === '/robots.txt') return void res.writeHead(404).end()
    if (path === '/media/clip.mp4') return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(CLIP)
    if (path === '/media/photo.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG)
    if (path === '/moved.mp4') return void res.writeHead(302, { location: '/media/clip.mp4' }).end()
    if (path === '/moved.jpg') return void res.writeHead(301, { location: '/media/photo.jpg' }).end()
    if (path === '/page.mp4')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><title>Hi</title></html>')
    if (path === '/bots-refused.mp4')
      return void (crawler
        ? res.writeHead(403, { 'content-type': 'text/html' }).end('<h1>Forbidden</h1>')
        : res.writeHead(200, { 'content-type': 'video/mp4' }).end(CLIP))
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>')
  })
})
afterAll(() => server.close())

const fetched = async (path: string, names: TargetName[], post: PostFacts = {}) => {
  const report = await preflight(
    { media: [{ url: readMediaUrl(server.url(path)) }], targets: names, post },
    testOptions(),
  )
  return Object.fromEntries(
    report.results.map((r) => [
      r.target,
      r.findings
        .filter((f) => f.rule.startsWith('fetch.'))
        .map((f) => `${f.rule}:${f.severity}:${f.platformError}`)
        .sort(),
    ]),
  )
}

describe('TikTok pulls from a loopback server: http and an IP host are refused, as is any redirect', () => {
  // Loopback URLs are plain http on an IP literal: both rows fire on every fetch here.
  const HTTP_IP = ['fetch.ip_host:error:url_ownership_unverified', 'fetch.not_https:error:url_ownership_unverified']

  it('a direct URL: only the URL rows, ownership unchecked without prefixes', async () => {
    expect(await fetched('/media/clip.mp4', ['tiktok.video'])).toEqual({
      'tiktok.video': [...HTTP_IP, 'fetch.url_prefix:info:null'].sort(),
    })
  })

  it('a verified URL prefix passes ownership; another domain fails it', async () => {
    const prefix = server.url('/media/')
    expect(await fetched('/media/photo.jpg', ['tiktok.photo'], { tiktokVerifiedPrefixes: [prefix] })).toEqual({
      'tiktok.photo': HTTP_IP,
    })
    expect(await fetched('/media/photo.jpg', ['tiktok.photo'], { tiktokVerifiedPrefixes: ['example.com'] })).toEqual({
      'tiktok.photo': [...HTTP_IP, 'fetch.url_prefix:error:url_ownership_unverified'].sort(),
    })
  })

  it('one redirect fails the pull on TikTok (video_pull_failed / photo_pull_failed), not on Facebook', async () => {
    const prefixes = { tiktokVerifiedPrefixes: [server.url('/')] }
    expect(await fetched('/moved.mp4', ['tiktok.video', 'facebook.reels'], prefixes)).toEqual({
      'tiktok.video': [...HTTP_IP, 'fetch.redirects:error:video_pull_failed'].sort(),
      'facebook.reels': ['fetch.not_https:warning:null'],
    })
    expect(await fetched('/moved.jpg', ['tiktok.photo'], prefixes)).toEqual({
      'tiktok.photo': [...HTTP_IP, 'fetch.redirects:error:photo_pull_failed'].sort(),
    })
  })

  it('a signed URL must stay valid for the hour TikTok may take: 3,600 s left passes, 3,599 s is a warning', async () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0)
    const signed = (left: number) => `/media/photo.jpg?AWSAccessKeyId=K&Signature=s&Expires=${now / 1000 + left}`
    const expiry = async (left: number) => {
      const url = readMediaUrl(server.url(signed(left)))
      const options = testOptions({ fetch: { ...testOptions().fetch, now: () => now } })
      const report = await preflight({ media: [{ url }], targets: ['tiktok.photo'] }, options)
      return report.results[0]!.findings.filter((f) => f.rule === 'fetch.url_expiry').map(
        (f) => `${f.severity}:${f.platformError}`,
      )
    }
    expect(await expiry(3_600)).toEqual([])
    expect(await expiry(3_599)).toEqual(['warning:photo_pull_failed'])
    expect(await expiry(-1)).toEqual(['error:photo_pull_failed'])
  })

  it('a 404 and an HTML page are pull failures', async () => {
    const prefixes = { tiktokVerifiedPrefixes: [server.url('/')] }
    expect((await fetched('/gone.mp4', ['tiktok.video'], prefixes))['tiktok.video']).toContain(
      'fetch.status:error:video_pull_failed',
    )
    expect((await fetched('/page.mp4', ['tiktok.video'], prefixes))['tiktok.video']).toContain(
      'fetch.html:error:video_pull_failed',
    )
  })
})

describe("Facebook fetches like Instagram's crawler, with no documented error code", () => {
  it.each(['/media/clip.mp4', '/moved.mp4', '/gone.mp4', '/page.mp4', '/bots-refused.mp4'])(
    '%s: the same fetch findings as Instagram Reels, platformError null',
    async (path) => {
      const found = await fetched(path, ['instagram.reels', 'facebook.reels', 'facebook.stories'])
      const ruleOf = (f: string) => f.split(':').slice(0, 2).join(':')
      const instagram = found['instagram.reels']!.map(ruleOf)
      expect(found['facebook.reels']!.map(ruleOf)).toEqual(instagram)
      expect(found['facebook.stories']!.map(ruleOf)).toEqual(instagram)
      for (const f of [...found['facebook.reels']!, ...found['facebook.stories']!]) expect(f).toMatch(/:null$/)
    },
  )

  it('a crawler refused where a browser is served is fetch.crawler_blocked on Facebook', async () => {
    expect((await fetched('/bots-refused.mp4', ['facebook.reels']))['facebook.reels']).toContain(
      'fetch.crawler_blocked:error:null',
    )
  })
})
