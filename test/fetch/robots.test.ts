// robots.txt (RFC 9309): group choice, longest match, Allow on ties; and fetched per host, 4xx allow, 5xx warn.
import type { ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAllowed, rulesFor } from '../../src/pipeline/fetch/robots-rules.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { fetchUrl } from './helpers.js'

const ROBOTS = `
User-agent: *
Disallow: /

User-agent: Googlebot
User-agent: facebookexternalhit
Disallow: /private/
Allow: /private/public/
Disallow: /*.png$
Allow: /tie
Disallow: /tie
`

describe('rules', () => {
  const rules = rulesFor(ROBOTS)
  it.each([
    ['/media/a.jpg', true],
    ['/private/a.jpg', false],
    ['/private/public/a.jpg', true],
    ['/media/a.png', false],
    ['/media/a.png?x=1', true],
    ['/tie/a.jpg', true],
  ])('%s allowed: %s', (path, allowed) => expect(isAllowed(rules, path).allowed).toBe(allowed))

  it('falls back to the * group when facebookexternalhit has none', () => {
    expect(isAllowed(rulesFor('User-agent: *\nDisallow: /media\n'), '/media/a.jpg')).toEqual({ allowed: false, rule: 'Disallow: /media' })
  })
  it('allows everything without a matching group', () => {
    expect(isAllowed(rulesFor('User-agent: Googlebot\nDisallow: /\n'), '/a.jpg').allowed).toBe(true)
  })
})

describe('robots.txt on the wire', () => {
  const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
  let robots: (res: ServerResponse) => void = (res) => void res.writeHead(404).end()
  let server: TestServer
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/robots.txt') return robots(res)
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG)
    })
  })
  afterAll(() => server.close())

  it('a Disallow for facebookexternalhit is fetch.crawler_blocked', async () => {
    robots = (res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(ROBOTS)
    const { rules, findings } = await fetchUrl(server.url('/private/a.jpg'))
    expect(rules).toEqual(['fetch.crawler_blocked'])
    expect(findings.find((f) => f.rule === 'fetch.crawler_blocked')).toMatchObject({ args: { reason: 'robots' } })
    expect((await fetchUrl(server.url('/media/a.jpg'))).rules).toEqual([])
  })

  it('a 404 robots.txt allows everything', async () => {
    robots = (res) => void res.writeHead(404).end()
    expect((await fetchUrl(server.url('/private/a.jpg'))).rules).toEqual([])
  })

  it('a 5xx robots.txt is a warning (tier robots_unavailable)', async () => {
    robots = (res) => void res.writeHead(503).end()
    const { findings } = await fetchUrl(server.url('/a.jpg'))
    expect(findings.find((f) => f.rule === 'fetch.crawler_blocked')).toMatchObject({ tier: 'robots_unavailable' })
  })
})
