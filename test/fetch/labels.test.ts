// Fetch findings as each target labels them: Meta's seed codes, Mastodon's (M) rows only, worded as preflight's failure.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preflight } from '../../src/pipeline/preflight.js'
import { urlAsciiFinding } from '../../src/fetch/url-checks.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { fetchUrl } from './helpers.js'
import { mediaUrl } from '../../src/request/parse.js'
import { readMediaUrl } from '../../src/fetch/http-url.js'

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
let server: TestServer

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path === '/gone.jpg') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>')
    if (path === '/hops/7') return void res.writeHead(302, { location: '/hops/6' }).end()
    const hop = /^\/hops\/(\d)$/.exec(path)
    if (hop)
      return void res.writeHead(302, { location: hop[1] === '0' ? '/a.jpg' : `/hops/${Number(hop[1]) - 1}` }).end()
    if (path === '/silent.jpg') return // never answers: the headers timeout ends it
    if (path === '/gzip.jpg')
      return void res.writeHead(200, { 'content-type': 'image/jpeg', 'content-encoding': 'gzip' }).end(gzipSync(JPEG))
    if (path === '/robots.txt') return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG)
  })
})
afterAll(() => server.close())

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0)
const run = (url: string, targets: ('instagram.feed' | 'threads' | 'mastodon')[], now = Date.now) =>
  preflight({ media: [mediaUrl(url)], targets }, testOptions({ fetch: { ...testOptions().fetch, now } }))

describe('labels per target', () => {
  it('a 404 is 2207052 on Instagram, "media fetch failed" on Threads, null on Mastodon worded as preflight', async () => {
    const report = await run(server.url('/gone.jpg'), ['instagram.feed', 'threads', 'mastodon'])
    const status = report.results.map((r) => r.findings.find((f) => f.rule === 'fetch.status')!)
    expect(status.map((f) => [f.severity, f.platformError, f.action])).toEqual([
      ['error', '2207052', 'fix_input'],
      ['error', 'media fetch failed', 'fix_input'],
      ['error', null, 'fix_input'],
    ])
    expect(status[2]!.message).toContain('preflight (not Mastodon) could not fetch the file')
    expect(report.results.map((r) => r.verdict)).toEqual(['fail', 'fail', 'fail'])
  })

  it('Mastodon takes only the (M) rows: no warning for 8 redirects or plain http', async () => {
    const report = await run(server.url('/hops/7'), ['threads', 'mastodon'])
    const rules = report.results.map((r) => r.findings.map((f) => `${f.rule}:${f.severity}`).sort())
    expect(rules).toEqual([['fetch.not_https:warning', 'fetch.redirects:warning'], []])
  })

  it('a signed URL close to expiry warns; an expired one fails (fixed clock)', async () => {
    const soon = server.url(`/a.jpg?AWSAccessKeyId=K&Signature=s&Expires=${NOW / 1000 + 600}`)
    const dead = server.url(`/a.jpg?AWSAccessKeyId=K&Signature=s&Expires=${NOW / 1000 - 1}`)
    const [warned, failed] = await Promise.all([
      run(soon, ['instagram.feed'], () => NOW),
      run(dead, ['instagram.feed'], () => NOW),
    ])
    const expiry = (r: typeof warned) =>
      r.results[0]!.findings.filter((f) => f.rule === 'fetch.url_expiry').map((f) => [f.severity, f.platformError])
    expect(expiry(warned)).toEqual([['warning', '2207052']])
    expect(expiry(failed)).toEqual([['error', '2207052']])
  })
})

describe('more of the wire', () => {
  it('a server that never answers ends at the headers timeout', async () => {
    const { rules, findings } = await fetchUrl(server.url('/silent.jpg'), { headersTimeoutMs: 300 })
    expect(rules).toEqual(['fetch.timeout'])
    expect(findings[0]).toMatchObject({ args: { phase: 'headers', afterMs: 300 } })
  })

  it('decodes a gzip body (Meta sends Accept-Encoding: gzip, deflate)', async () => {
    const report = await run(server.url('/gzip.jpg'), ['threads'])
    expect(report.items[0]!.media).toMatchObject({ kind: 'image', width: 1080, height: 1350 })
  })

  it.each([
    ['https://cdn.example.com/a b.jpg', 'https://cdn.example.com/a%20b.jpg'],
    ['https://cdn.example.com/café.jpg', 'https://cdn.example.com/caf%C3%A9.jpg'],
    ['https://cdn.example.com/a%20b.jpg', null],
  ])('url_ascii: %s → %s', (url, encoded) => {
    const finding = urlAsciiFinding(readMediaUrl(url))
    expect(finding ? (finding.args as { encoded: string }).encoded : null).toBe(encoded)
  })
})
