// Fetch findings on x, bluesky, youtube.video and pinterest: upload-only targets keep the rows that stop preflight
// reading (null, worded as preflight's failure); Pinterest fetches image_url itself (400), with no crawler rows.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TargetName } from '../../platforms/targets.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { mediaUrl } from '../../src/request/parse.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
let server: TestServer

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path === '/gone.jpg') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>')
    const hop = /^\/hops\/(\d)$/.exec(path)
    if (hop)
      return void res.writeHead(302, { location: hop[1] === '0' ? '/a.jpg' : `/hops/${Number(hop[1]) - 1}` }).end()
    if (path === '/robots.txt') return void res.writeHead(404).end()
    // Refuses Meta's crawler, serves everyone else.
    if (path === '/no-crawlers.jpg' && /facebookexternalhit|meta-external/i.test(req.headers['user-agent'] ?? ''))
      return void res.writeHead(403, { 'content-type': 'text/plain' }).end('no')
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG)
  })
})
afterAll(() => server.close())

const UPLOAD_ONLY = ['x', 'bluesky', 'youtube.video', 'youtube.shorts'] as const
const run = (url: string, targets: readonly TargetName[]) =>
  preflight({ media: [mediaUrl(url)], targets: [...targets], depth: 'quick' }, testOptions())
const fetchRules = (findings: { rule: string; severity: string }[]) =>
  findings.filter((f) => f.rule.startsWith('fetch.')).map((f) => `${f.rule}:${f.severity}`)

describe('fetch rows of the upload-only targets and Pinterest', () => {
  it("a 404 stops preflight reading on X, Bluesky and YouTube (null), and is Pinterest's own failure (400)", async () => {
    const report = await run(server.url('/gone.jpg'), [...UPLOAD_ONLY, 'pinterest'])
    const status = report.results.map((r) => r.findings.find((f) => f.rule === 'fetch.status')!)
    expect(status.map((f) => [f.severity, f.platformError, f.action])).toEqual([
      ...UPLOAD_ONLY.map(() => ['error', null, 'fix_input']),
      ['error', '400', 'fix_input'],
    ])
    expect(status[0]!.message).toContain('preflight (not X) could not fetch the file')
    expect(status[4]!.message).toContain('Pinterest would fail to fetch the media')
  })

  it('a long redirect chain and plain http concern only Pinterest', async () => {
    const report = await run(server.url('/hops/7'), [...UPLOAD_ONLY, 'pinterest'])
    expect(report.results.map((r) => fetchRules(r.findings).sort())).toEqual([
      ...UPLOAD_ONLY.map(() => []),
      ['fetch.not_https:warning', 'fetch.redirects:warning'],
    ])
  })

  it("Meta's crawler refused: a finding on Instagram, none on Pinterest (its fetcher is undocumented) or X", async () => {
    const report = await run(server.url('/no-crawlers.jpg'), ['instagram.feed', 'pinterest', 'x'])
    const blocked = report.results.map((r) => r.findings.filter((f) => f.rule === 'fetch.crawler_blocked').length)
    expect(blocked).toEqual([1, 0, 0])
  })
})
