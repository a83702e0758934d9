// Bodies that misbehave: a stall, a trickle, a short body, content types, and the Range probe answered well or badly.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { virtualFile } from '../helpers/virtual-file.js'
import { fetchUrl } from './helpers.js'
import { mediaUrl } from '../../src/request/parse.js'

const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
const BIG = Buffer.concat([JPEG, Buffer.alloc(700_000)]) // over the 524,289-byte probe
const ranged = virtualFile([BIG], 'image/jpeg')
const ignored = virtualFile([BIG], 'image/jpeg', false)
const timers = new Set<NodeJS.Timeout>()
let server: TestServer

beforeAll(async () => {
  server = await startServer((req, res) => {
    const typed = (type: string | null) => {
      res.writeHead(200, type ? { 'content-type': type } : {})
      res.end(JPEG)
    }
    switch (req.url) {
      case '/stall.jpg':
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(JPEG.length) })
        return void res.write(JPEG.subarray(0, 1000)) // and never another byte
      case '/trickle.jpg': {
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(JPEG.length) })
        let at = 0
        const timer = setInterval(() => {
          res.write(JPEG.subarray(at, at + 1024))
          at += 1024
          if (at >= JPEG.length) {
            clearInterval(timer)
            res.end()
          }
        }, 25)
        timers.add(timer)
        return
      }
      case '/short.jpg':
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(JPEG.length * 2) })
        return void res.write(JPEG, () => res.socket?.destroy()) // flushed, then the connection drops
      case '/late.jpg':
        timers.add(setTimeout(() => typed('image/jpeg'), 150))
        return
      case '/octet.jpg':
        return typed('application/octet-stream')
      case '/none.jpg':
        return typed(null)
      case '/text.jpg':
        return typed('text/plain')
      case '/alias.jpg':
        return typed('image/jpg')
      case '/png-label.jpg':
        return typed('image/png')
      case '/ranged.jpg':
        return ranged.handler(req, res)
      case '/ignored.jpg':
        return ignored.handler(req, res)
      case '/bad-range.jpg':
        res.writeHead(206, { 'content-type': 'image/jpeg', 'content-range': `bytes 0-99/${BIG.length}` })
        return void res.end(BIG.subarray(0, 524_289))
      case '/refused-range.jpg':
        if (req.headers.range) return void res.writeHead(416, { 'content-range': `bytes */${JPEG.length}` }).end()
        return typed('image/jpeg')
      default:
        res.writeHead(404).end()
    }
  })
})
afterAll(async () => {
  for (const timer of timers) clearTimeout(timer)
  await server.close()
})

describe('timing', () => {
  it('a stalled body ends at the body timeout with fetch.timeout, and the call returns', async () => {
    const { rules, findings, saved } = await fetchUrl(server.url('/stall.jpg'), { bodyTimeoutMs: 300 })
    expect(rules).toEqual(['fetch.timeout'])
    expect(findings[0]).toMatchObject({ args: { phase: 'body', afterMs: 300 } })
    expect(saved).toBe(false)
  })

  it('a trickling body is fetch.slow (throughput), judged once it has run long enough', async () => {
    const policy = { throughputAfterMs: 100, minThroughputBps: 50_000_000 }
    const { rules, findings } = await fetchUrl(server.url('/trickle.jpg'), { policy: policy as never })
    expect(rules).toContain('fetch.slow')
    expect(findings.find((f) => f.rule === 'fetch.slow')).toMatchObject({
      args: { measure: 'throughput', limit: 50_000_000 },
    })
  })

  it('a download still running at the total limit ends with fetch.timeout (total)', async () => {
    const { rules, findings } = await fetchUrl(server.url('/trickle.jpg'), { totalTimeoutMs: 120 })
    expect(rules).toEqual(['fetch.timeout'])
    expect(findings[0]).toMatchObject({ args: { phase: 'total', afterMs: 120 } })
  })

  it('a late first byte is fetch.slow (ttfb)', async () => {
    const { findings } = await fetchUrl(server.url('/late.jpg'), { policy: { slowTtfbMs: 50 } as never })
    expect(findings.find((f) => f.rule === 'fetch.slow')).toMatchObject({ args: { measure: 'ttfb', limit: 50 } })
  })

  it('stops a body whose projected time passes the limit (fetch.timeout, projected)', async () => {
    const policy = { throughputAfterMs: 50, projectedStopMs: 1, projectedWarnMs: 1 }
    const { findings } = await fetchUrl(server.url('/trickle.jpg'), { policy: policy as never })
    expect(findings.find((f) => f.rule === 'fetch.timeout')).toMatchObject({ args: { phase: 'projected', afterMs: 1 } })
  })
})

describe('truncation', () => {
  it('a connection closed before Content-Length bytes is fetch.truncated', async () => {
    const { rules, findings } = await fetchUrl(server.url('/short.jpg'))
    expect(rules).toEqual(['fetch.truncated'])
    expect(findings[0]).toMatchObject({ args: { bytes: JPEG.length, contentLength: JPEG.length * 2 } })
  })
})

describe('content types (judged against the sniffed bytes)', () => {
  it.each([
    ['/octet.jpg', 'generic'],
    ['/none.jpg', 'missing'],
    ['/text.jpg', 'text'],
    ['/png-label.jpg', 'mismatch'],
    ['/alias.jpg', null],
  ])('%s → %s', async (path, problem) => {
    const report = await preflight({ media: [mediaUrl(server.url(path))], targets: ['threads'] }, testOptions())
    const found = report.results[0]!.findings.filter((f) => f.rule === 'fetch.content_type')
    expect(found.map((f) => f.message.length > 0 && problem)).toEqual(problem ? [problem] : [])
    if (problem)
      expect(found[0]).toMatchObject({ severity: 'warning', platformError: 'media fetch failed', action: 'fix_input' })
  })
})

describe("Meta's Range probe", () => {
  it('an exact 206 passes, and depth full then reads the whole file', async () => {
    const { rules, source } = await fetchUrl(server.url('/ranged.jpg'))
    expect(rules).toEqual([])
    expect(source).toMatchObject({ probeStatus: 206, status: 200, contentLength: BIG.length, bytes: BIG.length })
  })

  it('a server that ignores Range passes', async () => {
    const { rules, source } = await fetchUrl(server.url('/ignored.jpg'))
    expect(rules).toEqual([])
    expect(source).toMatchObject({ probeStatus: 200, bytes: BIG.length })
  })

  it.each([
    ['/bad-range.jpg', 'content_range'],
    ['/refused-range.jpg', 'status_416'],
  ])('%s → fetch.range (%s)', async (path, problem) => {
    const { rules, findings } = await fetchUrl(server.url(path))
    expect(rules).toContain('fetch.range')
    expect(findings.find((f) => f.rule === 'fetch.range')).toMatchObject({ args: { problem } })
  })
})
