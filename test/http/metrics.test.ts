// GET /metrics: the Prometheus text after a few preflights, parsed, with each series' labels and value.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../src/pipeline/report.js'
import { Metrics } from '../../src/services/metrics.js'
import { json, testApp } from '../helpers/app.js'
import { samplePath } from '../helpers/samples.js'
import { startPhotoServer, type TestServer } from '../helpers/server.js'

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** Prometheus text exposition → samples (comments skipped); label values here hold no escaped quotes. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
      if (!match) throw new Error(`not a sample line: ${line}`)
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
      return { name: match[1] as string, labels, value: Number(match[3]) }
    })
}

const metrics = new Metrics()
const app = testApp({}, { metrics })
let server: TestServer
let samples: Sample[]
let contentType: string | null
const reports: Report[] = []

const value = (name: string, labels: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .map((s) => s.value)

beforeAll(async () => {
  server = await startPhotoServer()
  const answered = async (res: Response | Promise<Response>) => {
    const got = await res
    expect(got.status).toBe(200)
    reports.push((await got.json()) as Report)
  }
  for (let i = 0; i < 2; i++) {
    await answered(
      app.request('/v1/preflight', json({ url: server.url('/exif6.jpg'), targets: ['instagram.feed', 'threads'] })),
    )
  }
  await answered(app.request('/v1/preflight', json({ url: server.url('/gone.jpg'), targets: ['threads'] })))
  const form = new FormData()
  form.append('file', new Blob([readFileSync(samplePath('video-interlaced.mp4'))]), 'fields.mp4') // interlaced: read by ffprobe, not the moov reader
  form.append('targets', 'threads')
  await answered(app.request('/v1/preflight/file', { method: 'POST', body: form }))
  expect((await app.request('/v1/preflight', json({ targets: ['threads'] }))).status).toBe(400)
  expect((await app.request('/no/such/route')).status).toBe(404)
  const res = await app.request('/metrics')
  expect(res.status).toBe(200)
  contentType = res.headers.get('content-type')
  samples = parse(await res.text())
})
afterAll(() => server.close())

describe('GET /metrics', () => {
  it('is Prometheus text', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/)
  })

  it('counts requests by method, route pattern and status', () => {
    expect(value('preflight_http_requests_total', { method: 'POST', route: '/v1/preflight', status: '200' })).toEqual([
      3,
    ])
    expect(
      value('preflight_http_requests_total', { method: 'POST', route: '/v1/preflight/file', status: '200' }),
    ).toEqual([1])
    expect(value('preflight_http_requests_total', { method: 'POST', route: '/v1/preflight', status: '400' })).toEqual([
      1,
    ])
    expect(value('preflight_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toEqual([1])
    expect(value('preflight_http_request_duration_seconds_count', { route: '/v1/preflight', status: '200' })).toEqual([
      3,
    ])
  })

  it('counts preflights by target and verdict, and findings by rule, as the reports gave them', () => {
    const tally = (keys: string[][]) => {
      const counts = new Map<string, number>()
      for (const key of keys) counts.set(key.join(' '), (counts.get(key.join(' ')) ?? 0) + 1)
      return Object.fromEntries([...counts].sort())
    }
    const results = reports.flatMap((r) => r.results)
    const series = (name: string, labels: string[]) =>
      Object.fromEntries(
        samples
          .filter((s) => s.name === name)
          .map((s) => [labels.map((l) => s.labels[l]).join(' '), s.value] as const)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      )
    expect(series('preflight_preflights_total', ['target', 'verdict'])).toEqual(
      tally(results.map((r) => [r.target, r.verdict])),
    )
    expect(series('preflight_findings_total', ['target', 'rule', 'severity'])).toEqual(
      tally(results.flatMap((r) => r.findings.map((f) => [r.target, f.rule, f.severity]))),
    )
    // The outcomes these samples are known for, whatever else the rules add.
    expect(value('preflight_preflights_total', { target: 'instagram.feed', verdict: 'fail' })).toEqual([2])
    expect(
      value('preflight_findings_total', { target: 'instagram.feed', rule: 'image.aspect_ratio', severity: 'error' }),
    ).toEqual([2])
    expect(value('preflight_findings_total', { target: 'threads', rule: 'fetch.status', severity: 'error' })).toEqual([
      1,
    ])
  })

  it('measures downloads by status class: how many, how long, how many bytes', () => {
    expect(value('preflight_fetch_bytes_count', { status: '2xx' })).toEqual([2])
    expect(value('preflight_fetch_bytes_sum', { status: '2xx' })).toEqual([2 * 11981])
    expect(value('preflight_fetch_bytes_count', { status: '4xx' })).toEqual([1])
    expect(value('preflight_fetch_duration_seconds_count', { status: '2xx' })).toEqual([2])
  })

  it('times ffprobe runs by outcome', () => {
    // The interlaced upload: its facts, then the decode proof of depth full.
    expect(value('preflight_ffprobe_duration_seconds_count', { outcome: 'ok' })).toEqual([2])
  })

  it('shows the queue depth, empty when idle', () => {
    expect(value('preflight_queue_active')).toEqual([0])
    expect(value('preflight_queue_waiting')).toEqual([0])
  })

  // The probe cache's own lookups: the first exif6.jpg and the upload miss, the second exif6.jpg hits; the 404 reads nothing.
  it('counts cache lookups by result', () => {
    expect(value('preflight_cache_lookups_total', { result: 'hit' })).toEqual([1])
    expect(value('preflight_cache_lookups_total', { result: 'miss' })).toEqual([2])
  })

  it('keeps its own registry: a second app starts from zero', async () => {
    const text = await (await testApp().request('/metrics')).text()
    expect(parse(text).filter((s) => s.name === 'preflight_http_requests_total')).toEqual([])
  })
})
