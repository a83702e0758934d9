// The crawler-faithful fetch against a 127.0.0.1 server that misbehaves on purpose: statuses, blocks, HTML, redirects.
import { readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CRAWLER_UA } from '../../src/fetch/crawler.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { fetchUrl } from './helpers.js'

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
const LOGIN =
  '<!DOCTYPE html><html><head><title>Sign in to continue</title></head><body><form>password</form></body></html>'
const CHALLENGE = '<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>'
const seen: { ua: string; range: string | undefined; url: string }[] = []
let server: TestServer

const jpeg = (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(JPEG.length) }).end(JPEG)
const html = (res: ServerResponse, body: string, status = 200) =>
  res.writeHead(status, { 'content-type': 'text/html' }).end(body)

beforeAll(async () => {
  server = await startServer((req, res) => {
    const ua = req.headers['user-agent'] ?? ''
    const crawler = ua === CRAWLER_UA
    seen.push({ ua, range: req.headers.range, url: req.url ?? '' })
    const path = req.url ?? '/'
    const hop = /^\/hops\/(\d+)$/.exec(path)
    if (hop) {
      const left = Number(hop[1])
      return void res.writeHead(302, { location: left > 0 ? `/hops/${left - 1}` : '/ok.jpg' }).end()
    }
    switch (path) {
      case '/robots.txt':
        return html(res, 'not here', 404)
      case '/ok.jpg':
        return jpeg(res)
      case '/missing.jpg':
        return html(res, '<h1>Not found</h1>', 404)
      case '/busy.jpg':
        return void res.writeHead(429, { 'retry-after': '60' }).end()
      case '/down.jpg':
        return void res.writeHead(503).end('down')
      case '/waf.jpg':
        return crawler ? void res.writeHead(403).end('Forbidden') : jpeg(res)
      case '/challenge.jpg':
        return crawler ? html(res, CHALLENGE) : jpeg(res)
      case '/login.jpg':
        return html(res, LOGIN)
      case '/loop-a':
        return void res.writeHead(301, { location: '/loop-b' }).end()
      case '/loop-b':
        return void res.writeHead(301, { location: '/loop-a' }).end()
      case '/to-ftp':
        return void res.writeHead(302, { location: 'ftp://example.com/a.jpg' }).end()
      default:
        return html(res, 'nothing', 404)
    }
  })
})
afterAll(() => server.close())

describe('the request', () => {
  it("sends Meta's crawler request: its user agent and the Range probe", async () => {
    seen.length = 0
    const { rules, source } = await fetchUrl(server.url('/ok.jpg'))
    expect(rules).toEqual([])
    const probe = seen.find((r) => r.url === '/ok.jpg')!
    expect(probe).toEqual({ ua: CRAWLER_UA, range: 'bytes=0-524288', url: '/ok.jpg' })
    expect(source).toMatchObject({
      status: 200,
      probeStatus: 200,
      contentType: 'image/jpeg',
      contentLength: JPEG.length,
      bytes: JPEG.length,
    })
    expect(source.ttfbMs).toEqual(expect.any(Number))
    expect(source.throughputBps).toEqual(expect.any(Number))
  })
})

describe('statuses', () => {
  it.each([
    ['/missing.jpg', 404, undefined],
    ['/busy.jpg', 429, 'transient'],
    ['/down.jpg', 503, 'transient'],
  ])('%s answers %i → fetch.status (tier %s)', async (path, status, tier) => {
    const { rules, findings, saved } = await fetchUrl(server.url(path))
    expect(rules).toEqual(['fetch.status'])
    const finding = findings.find((f) => f.rule === 'fetch.status')!
    expect([finding.args, finding.tier]).toEqual([{ status, url: server.url(path) }, tier])
    expect(saved).toBe(false)
  })
})

describe('crawler blocking and HTML', () => {
  it('a 403 to the crawler only is fetch.crawler_blocked, and the browser bytes are kept', async () => {
    const { rules, findings, source, saved } = await fetchUrl(server.url('/waf.jpg'))
    expect(rules).toEqual(['fetch.crawler_blocked'])
    expect(findings[0]).toMatchObject({ args: { reason: 'status', status: 403 } })
    expect(source.servedTo).toBe('browser')
    expect(saved).toBe(true)
  })

  it('a bot challenge page to the crawler only is fetch.crawler_blocked', async () => {
    const { rules, findings } = await fetchUrl(server.url('/challenge.jpg'))
    expect(rules).toEqual(['fetch.crawler_blocked'])
    expect(findings[0]).toMatchObject({ args: { reason: 'html' } })
  })

  it('a login page served with 200 to everyone is fetch.html', async () => {
    const { rules, findings, saved } = await fetchUrl(server.url('/login.jpg'))
    expect(rules).toEqual(['fetch.html'])
    expect(findings[0]).toMatchObject({ args: { kind: 'login', title: 'Sign in to continue' } })
    expect(saved).toBe(false)
  })
})

describe('redirects', () => {
  it('records every hop; 5 hops are silent', async () => {
    const { rules, source } = await fetchUrl(server.url('/hops/4'))
    expect(rules).toEqual([])
    expect(source.redirects).toHaveLength(5)
    expect(source.redirects[0]).toEqual({ status: 302, from: server.url('/hops/4'), to: server.url('/hops/3') })
    expect(source.finalUrl).toBe(server.url('/ok.jpg'))
  })

  it('7 hops are a warning (tier many), and the media is still read', async () => {
    const { rules, findings, saved } = await fetchUrl(server.url('/hops/6'))
    expect(rules).toEqual(['fetch.redirects'])
    expect(findings[0]).toMatchObject({ args: { hops: 7, reason: 'many' }, tier: 'many' })
    expect(saved).toBe(true)
  })

  it.each([
    ['/hops/11', 'too_many'],
    ['/loop-a', 'loop'],
    ['/to-ftp', 'scheme'],
  ])('%s stops with a fetch.redirects error (%s)', async (path, reason) => {
    const { rules, findings, saved } = await fetchUrl(server.url(path))
    expect(rules).toEqual(['fetch.redirects'])
    expect(findings[0]).toMatchObject({ args: { reason } })
    expect(saved).toBe(false)
  })
})
