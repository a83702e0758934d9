// The warm-up: preflights through a throwaway service before the real one listens. It must run them all, leave
// nothing behind (servers, scratch files), and touch nothing of the service proper: its logs, metrics, caches and
// above all its address guard (loopback is allowed for the throwaway's fetches only).
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { setTimeout as delay } from 'node:timers/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { warmUp } from '../../src/services/warm-up.js'
import { buildCli } from '../helpers/cli.js'
import { killAll, startService, type Proc } from '../helpers/processes.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const listeners = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length

describe('warmUp()', () => {
  let dir: string
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'warm-up-'))))
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('answers every preflight, then closes its servers and leaves no scratch file', async () => {
    const before = listeners()
    const done = await warmUp(loadConfig({ PREFLIGHT_TMPDIR: dir }))
    expect(done.preflights).toBe(16)
    // Closed handles leave the list a tick or two after their close callbacks: polled, 2 s at most.
    for (let i = 0; i < 40 && listeners() > before; i++) await delay(50)
    expect(listeners()).toBe(before)
    expect(await readdir(dir)).toEqual([])
  }, 30_000)
})

describe('a service that warmed up', () => {
  const procs: Proc[] = []
  let service: Proc & { url: string }
  let media: TestServer
  beforeAll(async () => {
    await buildCli()
    const jpeg = readFileSync(samplePath('feed-ok-1080x1350.jpg'))
    media = await startServer((_req, res) => void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg))
    // The guard on, as in production: only the warm-up's own service may fetch from loopback.
    service = await startService({ PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'false', PREFLIGHT_WARM_UP: 'true' })
    procs.push(service)
  }, 200_000)
  afterAll(async () => {
    await killAll(procs)
    await media.close()
  })

  it('logged the warm-up before it listened, and nothing of the warm-up requests', async () => {
    const lines = service.output().split('\n').filter(Boolean)
    const warmed = lines.findIndex((l) => l.includes('"msg":"warmed up"'))
    const listening = lines.findIndex((l) => l.includes('"msg":"listening"'))
    expect(warmed).toBeGreaterThanOrEqual(0)
    expect(warmed).toBeLessThan(listening)
    expect(JSON.parse(lines[warmed]!)).toMatchObject({ preflights: 16 })
    expect(lines.some((l) => l.includes('"msg":"request"') || l.includes('"msg":"preflight"'))).toBe(false)
  })

  it('counted none of the warm-up requests in its metrics', async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text()
    expect(text).toMatch(/^# TYPE preflight_http_requests_total counter/m)
    // This request is counted once it is answered: no request, preflight or download was counted before it.
    expect(text).not.toMatch(/^preflight_http_requests_total\{/m)
    expect(text).not.toMatch(/^preflight_preflights_total\{/m)
    expect(text).not.toMatch(/^preflight_fetch_bytes_count\{/m)
  })

  it('still refuses loopback media URLs: the warm-up did not open the address guard', async () => {
    const answer = await fetch(`${service.url}/v1/preflight`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: media.url('/photo.jpg'), targets: ['instagram.feed'] }),
    })
    expect(answer.status).toBe(200)
    const report = (await answer.json()) as { results: { verdict: string; findings: { rule: string }[] }[] }
    expect(report.results[0]!.verdict).toBe('fail')
    expect(report.results[0]!.findings.map((f) => f.rule)).toContain('fetch.private_address')
  })
})
