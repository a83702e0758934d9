// robots.txt (RFC 9309): group choice by product token, longest match, Allow on ties, `*` and `$`, percent-encoding,
// caps and a streamed parse; and fetched per host, 4xx allow, 5xx warn, an unreadable one saying why.
import type { ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import { deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CRAWLER_UA } from '../../src/fetch/crawler.js'
import { META_CRAWLERS, PUBLISHING_TOKEN } from '../../src/fetch/meta-crawlers.js'
import {
  isAllowed,
  parseRobots,
  productToken,
  RobotsParser,
  ROBOTS_LIMITS,
  rulesFor,
} from '../../src/fetch/robots-rules.js'
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
    expect(isAllowed(rulesFor('User-agent: *\nDisallow: /media\n'), '/media/a.jpg')).toEqual({
      allowed: false,
      rule: 'Disallow: /media',
    })
  })
  it('allows everything without a matching group', () => {
    expect(isAllowed(rulesFor('User-agent: Googlebot\nDisallow: /\n'), '/a.jpg').allowed).toBe(true)
  })

  it.each([
    ['/*.jpg$', '/a/b.jpg', false],
    ['/*.jpg$', '/a/b.jpg?w=1', true],
    ['/a*b*c', '/a-x-b-y-c/z', false],
    ['/a*b*c', '/a-x-c-y-b', true],
    ['/a$', '/a', false],
    ['/a$', '/ab', true],
    ['/x$y', '/x$y/z', false], // only a final `$` anchors
    ['/*', '/anything', false],
    ['/%7Euser/', '/~user/a.jpg', false], // unreserved: decoded on both sides
    ['/~user/', '/%7euser/a.jpg', false],
    ['/a%2fb', '/a%2Fb/c.jpg', false], // reserved: stays encoded, compared case-insensitively
    ['/a%2Fb', '/a/b/c.jpg', true],
    ['/café/', '/caf%C3%A9/a.jpg', false], // outside ASCII: UTF-8 percent-encoded, as the URL path is
  ])('Disallow: %s on %s allowed: %s', (pattern, path, allowed) => {
    expect(isAllowed(rulesFor(`User-agent: *\nDisallow: ${pattern}\n`), path).allowed).toBe(allowed)
  })

  it('answers the backtracking patterns of issue 15.1 at once, right both ways', () => {
    const rules = rulesFor('User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*!\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*!\n')
    const started = performance.now()
    expect(isAllowed(rules, `/${'a'.repeat(44)}`).allowed).toBe(true)
    expect(isAllowed(rules, `/${'a'.repeat(5_000)}`).allowed).toBe(true)
    expect(isAllowed(rules, `/${'a'.repeat(5_000)}!`)).toEqual({
      allowed: false,
      rule: 'Disallow: /*a*a*a*a*a*a*a*a*a*a*a*a*!',
    })
    expect(performance.now() - started).toBeLessThan(1_000) // a backtracking RegExp took 67 s on the 44 a's
  })
})

describe('user-agent groups by product token (RFC 9309 §2.2.1)', () => {
  const variants = (token: string) => [
    token,
    token.toUpperCase(),
    `${token[0]!.toUpperCase()}${token.slice(1)}/1.1`,
    `${token}/2.0 (+https://example.com/bot)`,
  ]
  const blockedFor = (line: string) => `User-agent: *\nAllow: /\n\nUser-agent: ${line}\nDisallow: /\n`

  it.each(META_CRAWLERS.flatMap((c) => variants(c.token).map((line) => [c.token, line] as const)))(
    '%s finds its group in "User-agent: %s"',
    (token, line) => {
      expect(isAllowed(rulesFor(blockedFor(line), token), '/a.jpg')).toEqual({ allowed: false, rule: 'Disallow: /' })
    },
  )

  it.each(META_CRAWLERS.flatMap((c) => variants(c.token).map((line) => [line, c.publishingMedia] as const)))(
    'a "User-agent: %s" group decides the publishing fetch: %s',
    (line, decides) => {
      expect(isAllowed(rulesFor(blockedFor(line)), '/a.jpg').allowed).toBe(!decides)
    },
  )

  it('the publishing token is the product token of the user agent the crawler sends', () => {
    expect(productToken(CRAWLER_UA)).toBe(PUBLISHING_TOKEN)
    expect(META_CRAWLERS.filter((c) => c.publishingMedia).map((c) => c.token)).toEqual([PUBLISHING_TOKEN])
  })

  it.each(['facebook', 'facebookexternalhitx', 'xfacebookexternalhit', 'facebookexternal hit'])(
    '"User-agent: %s" is another crawler',
    (line) => {
      expect(isAllowed(rulesFor(blockedFor(line)), '/a.jpg').allowed).toBe(true)
    },
  )

  it('merges every group naming the token, and lists several agents per group', () => {
    const text =
      'User-agent: Googlebot\nUser-agent: FacebookExternalHit/1.1\nDisallow: /a\n\nUser-agent: *\nDisallow: /\n\nuser-agent: facebookexternalhit\nDisallow: /b\n'
    expect(rulesFor(text).map((r) => r.pattern)).toEqual(['/a', '/b'])
  })
})

describe('parsing bounds', () => {
  const manyRules = (n: number, agent = '*') =>
    `User-agent: ${agent}\n${Array.from({ length: n }, (_, i) => `Disallow: /d${i}`).join('\n')}\n`

  it('keeps at most ROBOTS_LIMITS.keptRules rules and says it dropped some', () => {
    const { rules, truncated } = parseRobots(manyRules(37_000))
    expect(rules).toHaveLength(ROBOTS_LIMITS.keptRules)
    expect(truncated).toBe(true)
    expect(parseRobots(manyRules(100)).truncated).toBe(false)
  })

  it('keeps nothing of the groups for other crawlers', () => {
    const { rules, truncated } = parseRobots(
      `${manyRules(37_000, 'Googlebot')}User-agent: facebookexternalhit\nDisallow: /private/\n`,
    )
    expect(rules).toEqual([{ allow: false, pattern: '/private/' }])
    expect(truncated).toBe(false)
  })

  it('drops a line longer than ROBOTS_LIMITS.lineBytes', () => {
    const long = `/${'x'.repeat(ROBOTS_LIMITS.lineBytes)}`
    expect(rulesFor(`User-agent: *\nDisallow: ${long}\nDisallow: /after\n`).map((r) => r.pattern)).toEqual(['/after'])
  })

  it('reads the same rules whatever the chunking, CR, LF or CRLF, a BOM and split UTF-8', () => {
    const text = '\uFEFFUser-agent: *\rDisallow: /café/\r\nAllow: /ok # comment\nSitemap: https://example.com/s.xml\n'
    const parser = new RobotsParser()
    for (const byte of Buffer.from(text, 'utf8')) parser.push(Buffer.from([byte]))
    expect(parser.end().rules).toEqual(rulesFor(text))
    expect(rulesFor(text)).toEqual([
      { allow: false, pattern: '/caf%C3%A9/' },
      { allow: true, pattern: '/ok' },
    ])
  })

  it('drops the line cut by the byte cap: a cut pattern would forbid more than was written', () => {
    const parser = new RobotsParser()
    parser.push(Buffer.from('User-agent: *\nDisallow: /private/\nDisallow: /pri'))
    expect(parser.end({ cut: true }).rules.map((r) => r.pattern)).toEqual(['/private/'])
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

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
  ])('a %s-encoded robots.txt is decoded (the crawler asks for it)', async (encoding, encode) => {
    robots = (res) =>
      void res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': encoding }).end(encode(ROBOTS))
    expect((await fetchUrl(server.url('/private/a.jpg'))).rules).toEqual(['fetch.crawler_blocked'])
    expect((await fetchUrl(server.url('/media/a.jpg'))).rules).toEqual([])
  })

  it('reads a 32 MiB gzip bomb only to ROBOTS_LIMITS.readBytes of text', async () => {
    const bomb = gzipSync(`User-agent: *\nDisallow: /private/\n${'# padding\n'.repeat(32 * 104_858)}Disallow: /\n`)
    robots = (res) => void res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(bomb)
    const started = performance.now()
    expect((await fetchUrl(server.url('/private/a.jpg'))).rules).toEqual(['fetch.crawler_blocked'])
    expect((await fetchUrl(server.url('/media/a.jpg'))).rules).toEqual([]) // the Disallow: / past the cap is not read
    expect(performance.now() - started).toBeLessThan(5_000)
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
