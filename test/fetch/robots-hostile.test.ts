// Hostile robots.txt on 127.0.0.1: a backtracking wildcard, 500 KiB of rules, a redirect to a refused address,
// a stall and a closed port. Each answers right and within a bound, and the service keeps answering meanwhile.
import { readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { Agent, Pool, type Dispatcher } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAllowed, ROBOTS_LIMITS } from '../../src/fetch/robots-rules.js'
import { robotsFindings } from '../../src/fetch/robots.js'
import { guardedAgent } from '../../src/fetch/guarded-agent.js'
import { RobotsCache } from '../../src/services/robots-cache.js'
import { json, testApp } from '../helpers/app.js'
import { listen, type Listening } from '../helpers/listen.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { fetchUrl } from './helpers.js'

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
const MiB = 1024 * 1024

/** ~500 KiB of short rules, about 37k: all for `*`, or for Googlebot beside a small facebookexternalhit group. */
function bigRobots(shape: 'star' | 'others'): string {
  const lines =
    shape === 'star'
      ? ['User-agent: *']
      : ['User-agent: facebookexternalhit', 'Disallow: /private/', 'User-agent: Googlebot']
  for (let i = 0, size = 0; size < 500 * 1024; i++) {
    lines.push(`Disallow:/${i.toString(36)}`)
    size += lines.at(-1)!.length + 1
  }
  return `${lines.join('\n')}\n`
}

describe('hostile robots.txt', () => {
  let robots = ''
  let stallRobots = false
  let server: TestServer
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url === '/robots.txt')
        return stallRobots ? undefined : void res.writeHead(200, { 'content-type': 'text/plain' }).end(robots)
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG)
    })
  })
  afterAll(() => server.close())

  describe('backtracking wildcards (issue 15.1)', () => {
    let service: Listening
    beforeAll(async () => {
      service = await listen(testApp())
    })
    afterAll(() => service.close())

    it('answers within seconds (not minutes) with the right verdict, and /healthz answers meanwhile', async () => {
      // The pattern (67 s on 44 a's) and its 12-star sibling (never ends), repeated to make the work visible.
      const patterns = ['/*a*a*a*a*a*a*a*a*a*!', '/*a*a*a*a*a*a*a*a*a*a*a*a*!']
      robots = `User-agent: *\n${Array.from({ length: 500 }, (_, i) => `Disallow: ${patterns[i % 2]}${i}`).join('\n')}\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*!\n`
      const preflight = async (path: string) => {
        const started = performance.now()
        const res = await fetch(`${service.base}/v1/preflight`, {
          ...json({ url: server.url(path), targets: ['instagram.feed'] }),
          signal: AbortSignal.timeout(10_000),
        })
        const report = (await res.json()) as { results: { findings: { rule: string }[] }[] }
        return { ms: performance.now() - started, rules: report.results[0]!.findings.map((f) => f.rule) }
      }
      const health: number[] = []
      let done = false
      const pending = Promise.all([preflight(`/${'a'.repeat(44)}`), preflight(`/${'a'.repeat(2_000)}!.jpg`)]).finally(
        () => (done = true),
      )
      for (let i = 0; i < 200 && !done; i++) {
        const started = performance.now()
        const res = await fetch(`${service.base}/healthz`, { signal: AbortSignal.timeout(5_000) })
        expect(res.status).toBe(200)
        health.push(performance.now() - started)
      }
      const [clean, blocked] = await pending
      expect(clean.rules).not.toContain('fetch.crawler_blocked')
      expect(blocked.rules).toContain('fetch.crawler_blocked')
      expect(Math.max(clean.ms, blocked.ms)).toBeLessThan(5_000)
      expect(health.length).toBeGreaterThan(0)
      expect(Math.max(...health)).toBeLessThan(2_000) // the event loop was never held for long
    })
  })

  describe('500 KiB of rules (issue 15.3)', () => {
    it('keeps a bounded entry for 37k rules for *, checks fast, and warns that it judged on part of them (robots_too_large)', async () => {
      robots = bigRobots('star')
      const cache = new RobotsCache({ ttlMs: 3_600_000, unavailableTtlMs: 60_000, maxOrigins: 10, maxBytes: 16 * MiB })
      const { findings } = await fetchUrl(server.url('/_media/a.jpg'), { robots: cache }) // _ is no base-36 digit: no rule matches
      expect(findings.find((f) => f.rule === 'fetch.crawler_blocked')).toMatchObject({
        tier: 'robots_unavailable',
        args: {
          reason: 'robots_too_large',
          detail: `${server.url('/robots.txt')}: 5000 rules or 128 KiB kept; the kept ones allow it`,
        },
      })
      const answer = cache.get(new URL(server.url('/')).origin)
      expect(answer && 'rules' in answer && answer.rules.length).toBe(ROBOTS_LIMITS.keptRules)
      expect(cache.bytes).toBeLessThan(400 * 1024) // the whole-file parse kept ~2.5 MB of heap per origin
      const started = performance.now()
      for (let i = 0; i < 10; i++) isAllowed(answer && 'rules' in answer ? answer.rules : [], `/_media/${i}.jpg`)
      expect(performance.now() - started).toBeLessThan(250) // 10 checks; 155 ms each against the 37k rules before
    })

    it('keeps only the facebookexternalhit group when 37k rules are for another crawler, and judges exactly', async () => {
      robots = bigRobots('others')
      const cache = new RobotsCache({ ttlMs: 3_600_000, unavailableTtlMs: 60_000, maxOrigins: 10, maxBytes: 16 * MiB })
      expect((await fetchUrl(server.url('/private/a.jpg'), { robots: cache })).rules).toEqual(['fetch.crawler_blocked'])
      expect((await fetchUrl(server.url('/_media/a.jpg'), { robots: cache })).rules).toEqual([])
      expect(cache.bytes).toBeLessThan(1024)
    })
  })

  describe('Meta crawler groups on the wire (issue 14.6)', () => {
    it.each([
      ['FacebookExternalHit/1.1', ['fetch.crawler_blocked']],
      ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', ['fetch.crawler_blocked']],
      ['meta-externalagent/1.1', []],
      ['facebookcatalog/1.0', []],
    ])('a "User-agent: %s" Disallow: / gives %j', async (agent, rules) => {
      robots = `User-agent: ${agent}\nDisallow: /\n`
      expect((await fetchUrl(server.url('/a.jpg'))).rules).toEqual(rules)
    })
  })

  describe('why robots.txt could not be read (issue 15.9)', () => {
    const robotsOf = async (dispatcher: Dispatcher, url: string, timeoutMs = 2_000) => {
      const findings = await robotsFindings([new URL(url)], {
        dispatcher,
        timeoutMs,
        signal: new AbortController().signal,
      })
      expect(findings).toHaveLength(1)
      expect(findings[0]).toMatchObject({ rule: 'fetch.crawler_blocked', tier: 'robots_unavailable' })
      return String((findings[0]!.args as { detail?: unknown }).detail)
    }

    it('a redirect to a refused address says so, and nothing connects to it', async () => {
      let redirected = 0
      const origin = await startServer((_req, res: ServerResponse) => {
        redirected++
        res.writeHead(302, { location: 'http://10.0.0.1/robots.txt' }).end()
      })
      // The hostile origin stands in for a public host: its own connections are plain, every other host goes
      // through the real guard with private networks refused (the IP literal is refused before any connect).
      const local = new URL(origin.url('/')).origin
      const guarded = guardedAgent({
        allowPrivateNetworks: false,
        connectTimeoutMs: 1_000,
        headersTimeoutMs: 1_000,
        bodyTimeoutMs: 1_000,
      })
      const routed = new Agent({ factory: (o, opts) => (String(o) === local ? new Pool(o, opts) : guarded) })
      try {
        const detail = await robotsOf(routed, origin.url('/a.jpg'))
        expect(detail).toBe(
          `${local}/robots.txt redirects to 10.0.0.1, a private address preflight does not connect to`,
        )
        expect(redirected).toBe(1)
      } finally {
        await routed.close()
        await origin.close()
      }
    })

    it('a stall says how long it waited', async () => {
      stallRobots = true
      const agent = guardedAgent({
        allowPrivateNetworks: true,
        connectTimeoutMs: 1_000,
        headersTimeoutMs: 5_000,
        bodyTimeoutMs: 5_000,
      })
      try {
        expect(await robotsOf(agent, server.url('/a.jpg'), 300)).toBe(
          `${server.url('/robots.txt')} did not answer within 300 ms`,
        )
      } finally {
        stallRobots = false
        await agent.destroy()
      }
    })

    it('a closed port names the error, not a timeout', async () => {
      const closed = await startServer(() => undefined)
      const url = closed.url('/a.jpg')
      await closed.close()
      const agent = guardedAgent({
        allowPrivateNetworks: true,
        connectTimeoutMs: 1_000,
        headersTimeoutMs: 1_000,
        bodyTimeoutMs: 1_000,
      })
      try {
        expect(await robotsOf(agent, url)).toBe(
          `${new URL('/robots.txt', url).href} could not be fetched (ECONNREFUSED)`,
        )
      } finally {
        await agent.close()
      }
    })
  })
})
