// Jobs through the HTTP API, the same tests for each engine: the embedded one and BullMQ on a real redis-server.
import { createReadStream } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createService, type Service } from '../../src/http/app.js'
import { createLogger } from '../../src/services/logger.js'
import { json } from '../helpers/app.js'
import { engines, pollUntil, type JobJson } from '../helpers/jobs.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

let origin: TestServer
const stalled = new Map<string, ServerResponse>()
const closed = new Set<string>()

beforeAll(async () => {
  origin = await startServer((req, res) => {
    const path = req.url ?? '/'
    if (path.startsWith('/stall/')) {
      // Headers and a JPEG's first bytes, then nothing: an item still downloading until the test lets it go.
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.write(Buffer.from([0xff, 0xd8]))
      stalled.set(path, res)
      res.on('close', () => closed.add(path))
      return
    }
    if (path.startsWith('/missing')) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>no</h1>')
    res.writeHead(200, { 'content-type': 'image/jpeg' })
    createReadStream(samplePath(path.includes('tall') ? 'tall-1080x1920.jpg' : 'feed-ok-1080x1350.jpg')).pipe(res)
  })
})
afterAll(async () => {
  for (const res of stalled.values()) res.destroy()
  await origin.close()
})

const item = (path: string, targets = ['instagram.feed']) => ({ url: origin.url(path), targets })

describe.each(engines)('jobs on the $name engine', (engine) => {
  let root: string
  const services: Service[] = []
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'preflight-jobs-test-'))
    await engine.start()
  })
  // Each test's services go with it: on Redis, an earlier test's workers would otherwise take this test's chunks.
  afterEach(async () => {
    for (const s of services.splice(0)) await s.jobs.close(1000)
  })
  afterAll(async () => {
    await engine.stop()
    await rm(root, { recursive: true, force: true })
  })

  function service(env: Record<string, string> = {}) {
    const config = loadConfig({
      ...process.env,
      PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
      PREFLIGHT_RATE_LIMIT: '0',
      PREFLIGHT_JOB_DIR: root,
      ...engine.env(),
      ...env,
    })
    const made = createService(config, { logger: createLogger('silent') })
    services.push(made)
    return made.app
  }

  async function submit(app: ReturnType<typeof service>, items: unknown[]) {
    const res = await app.request('/v1/audits', json({ items }))
    expect(res.status).toBe(202)
    const job = (await res.json()) as JobJson
    expect(res.headers.get('location')).toBe(`/v1/jobs/${job.id}`)
    return job
  }

  const get = async (app: ReturnType<typeof service>, id: string) =>
    (await (await app.request(`/v1/jobs/${id}`)).json()) as JobJson
  const finished = (app: ReturnType<typeof service>, id: string) =>
    pollUntil(
      () => get(app, id),
      (job) => ['done', 'failed', 'cancelled'].includes(job.state),
    )
  const lines = async (app: ReturnType<typeof service>, id: string) => {
    const res = await app.request(`/v1/jobs/${id}/results`)
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    return (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  }

  it('runs an audit: every item once, as /v1/batch writes it, then the summary', async () => {
    const app = service()
    const items = [
      ...Array.from({ length: 6 }, (_, i) => item(`/ok-${i}.jpg`)),
      item('/tall.jpg', ['instagram.feed', 'instagram.reels']),
      item('/missing.jpg'),
      { url: 'ftp://nope', targets: ['instagram.feed'] },
    ]
    const { id, state, kind } = await submit(app, items)
    expect(kind).toBe('audit')
    expect(['queued', 'active', 'done']).toContain(state)
    const job = await finished(app, id)
    expect(job).toMatchObject({ state: 'done', progress: { done: 9, total: 9 }, error: null })
    expect(job.finishedAt).not.toBeNull()
    const got = await lines(app, id)
    const indexes = got.filter((l) => 'index' in l).map((l) => l.index as number)
    expect(indexes.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    const byIndex = new Map(got.map((l) => [l.index, l]))
    expect((byIndex.get(0)?.report as { ok: boolean }).ok).toBe(true)
    expect(byIndex.get(8)?.error).toMatchObject({ code: 'invalid_url' })
    const summary = got.at(-1)?.summary
    expect(summary).toMatchObject({ items: 9, ok: 6, failed: 2, errors: 1, notApplicable: 1 })
    expect(job.result).toEqual({ summary })
  })

  it('runs an audit of more chunks than one queueing call takes: every item once, at its index', async () => {
    const app = service({ PREFLIGHT_AUDIT_CHUNK_ITEMS: '1' })
    // Refused URLs make quick error lines; the one real photo, item 42, shows that each text kept its index.
    const items = Array.from({ length: 150 }, (_, i) => ({ url: `ftp://h/${i}`, targets: ['threads'] }))
    items[42] = item('/ok-42.jpg')
    const { id } = await submit(app, items)
    expect((await finished(app, id)).state).toBe('done')
    const got = (await lines(app, id)).filter((l) => 'index' in l)
    expect(got.map((l) => l.index as number).sort((a, b) => a - b)).toEqual(items.map((_, i) => i))
    const byIndex = new Map(got.map((l) => [l.index as number, l]))
    expect((byIndex.get(42)?.report as { ok: boolean }).ok).toBe(true)
    expect(byIndex.get(7)?.error).toMatchObject({ code: 'invalid_url' })
  })

  it('serves the results stored so far while the audit runs, and reports progress as SSE', async () => {
    const app = service()
    const stall = `/stall/progress-${engine.name}.jpg`
    const { id } = await submit(app, [item('/a.jpg'), item(stall), item('/b.jpg')])
    const running = await pollUntil(
      () => get(app, id),
      (job) => job.progress.done === 2,
    )
    expect(running.state).toBe('active')
    const partial = await lines(app, id)
    expect(partial.map((l) => l.index).sort()).toEqual([0, 2])
    expect(partial.some((l) => 'summary' in l)).toBe(false)

    const events = await app.request(`/v1/jobs/${id}/events`)
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = events.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    expect(first).toContain('event: progress')
    expect(JSON.parse(/data: (.*)/.exec(first)![1]!)).toEqual({ state: 'active', done: 2, total: 3 })
    await pollUntil(async () => stalled.has(stall), Boolean)
    stalled
      .get(stall)!
      .end(
        await import('node:fs/promises').then((fs) =>
          fs.readFile(samplePath('feed-ok-1080x1350.jpg')).then((b) => b.subarray(2)),
        ),
      )
    let text = first
    for (let i = 0; i < 100 && !text.includes('event: done'); i++) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    const final = /event: done\ndata: (.*)/.exec(text)
    expect(JSON.parse(final![1]!)).toMatchObject({ id, state: 'done', progress: { done: 3, total: 3 } })
  })

  it('cancels a running audit: its download stops, nothing more is stored, the job stays cancelled', async () => {
    const app = service()
    const stall = `/stall/cancel-${engine.name}.jpg`
    const { id } = await submit(app, [item('/c.jpg'), item(stall)])
    await pollUntil(async () => stalled.has(stall), Boolean)
    const res = await app.request(`/v1/jobs/${id}`, { method: 'DELETE' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as JobJson).state).toBe('cancelled')
    await pollUntil(async () => closed.has(stall), Boolean)
    const job = await get(app, id)
    expect(job.state).toBe('cancelled')
    expect(job.result).toBeNull()
    const stored = await lines(app, id)
    expect(stored.map((l) => l.index)).not.toContain(1)
  })

  it('stops an audit at its time limit: failed with deadline_exceeded', async () => {
    const app = service({ PREFLIGHT_AUDIT_TIMEOUT_S: '1' })
    const stall = `/stall/deadline-${engine.name}.jpg`
    const { id } = await submit(app, [item(stall)])
    const job = await finished(app, id)
    expect(job).toMatchObject({ state: 'failed', error: { code: 'deadline_exceeded' } })
    await pollUntil(async () => closed.has(stall), Boolean)
  })

  it('refuses a job past the queue bound with 429 and Retry-After, in the contract error shape', async () => {
    const app = service({ PREFLIGHT_AUDIT_MAX_JOBS: '1' })
    const stall = `/stall/bound-${engine.name}.jpg`
    const { id } = await submit(app, [item(stall)])
    const res = await app.request('/v1/audits', json({ items: [item('/d.jpg')] }))
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_many_requests')
    await app.request(`/v1/jobs/${id}`, { method: 'DELETE' })
    expect((await app.request('/v1/audits', json({ items: [item('/e.jpg')] }))).status).toBe(202)
  })

  it('removes a job, its results and its folder after the TTL: then 404', async () => {
    const app = service({ PREFLIGHT_JOB_TTL_S: '1' })
    const { id } = await submit(app, [item('/f.jpg')])
    expect((await finished(app, id)).state).toBe('done')
    await pollUntil(
      async () => (await app.request(`/v1/jobs/${id}`)).status,
      (s) => s === 404,
      100,
    )
    expect((await app.request(`/v1/jobs/${id}/results`)).status).toBe(404)
    await pollUntil(
      () => readdir(root),
      (names) => !names.includes(id),
    )
  })

  it('answers 404 for unknown and malformed ids, and 400 for a malformed audit', async () => {
    const app = service({ PREFLIGHT_AUDIT_MAX_ITEMS: '2' })
    for (const path of [
      '/v1/jobs/00000000-0000-4000-8000-000000000000',
      '/v1/jobs/..%2F..%2Fetc',
      '/v1/jobs/x/results',
    ]) {
      const res = await app.request(path)
      expect(res.status).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
    }
    expect((await app.request('/v1/jobs/00000000-0000-4000-8000-000000000000', { method: 'DELETE' })).status).toBe(404)
    const tooMany = await app.request('/v1/audits', json({ items: [1, 2, 3] }))
    expect(tooMany.status).toBe(400)
    expect(((await tooMany.json()) as { error: { code: string } }).error.code).toBe('too_many_items')
    expect((await app.request('/v1/audits', json({ items: [] }))).status).toBe(400)
    expect((await app.request('/v1/audits', json([1]))).status).toBe(400)
  })

  it('exports per-queue depth, active tasks and finished tasks and jobs in /metrics', async () => {
    const app = service()
    const { id } = await submit(app, [item('/m1.jpg'), item('/m2.jpg')])
    expect((await finished(app, id)).state).toBe('done')
    // BullMQ tells a worker its task completed just after the job's last result is stored.
    const completed = /^preflight_job_tasks_total\{queue="audit",outcome="completed"\} [1-9]\d*$/m
    const text = await pollUntil(
      async () => (await app.request('/metrics')).text(),
      (t) => completed.test(t),
    )
    for (const queue of ['audit', 'fix']) {
      expect(text).toMatch(new RegExp(`^preflight_job_queue_waiting\\{queue="${queue}"\\} \\d+$`, 'm'))
      expect(text).toMatch(new RegExp(`^preflight_job_queue_active\\{queue="${queue}"\\} \\d+$`, 'm'))
    }
    expect(text).toMatch(/^preflight_jobs_total\{kind="audit",state="done"\} [1-9]\d*$/m)
  })

  it('keeps jobs behind the API keys', async () => {
    const app = service({ PREFLIGHT_API_KEYS: 'k1' })
    expect((await app.request('/v1/audits', json({ items: [item('/g.jpg')] }))).status).toBe(401)
    expect((await app.request('/v1/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(401)
  })
})

// The embedded engine keeps queued chunks' item texts in memory (Redis keeps them in Redis): bounded across audits.
describe('the embedded engine, items held in queued chunks', () => {
  let root: string
  let made: Service
  beforeAll(async () => void (root = await mkdtemp(join(tmpdir(), 'preflight-held-test-'))))
  afterAll(async () => {
    await made.jobs.close(1000)
    await rm(root, { recursive: true, force: true })
  })

  it('refuses an audit past PREFLIGHT_AUDIT_HELD_BYTES with 429 and Retry-After, and takes it once the chunks ran', async () => {
    const config = loadConfig({
      ...process.env,
      PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
      PREFLIGHT_RATE_LIMIT: '0',
      PREFLIGHT_JOB_DIR: root,
      PREFLIGHT_AUDIT_CONCURRENCY: '1',
      PREFLIGHT_AUDIT_HELD_BYTES: '2048',
    })
    made = createService(config, { logger: createLogger('silent') })
    const app = made.app
    // One item a chunk (20 items): the first stalls, the other 19 wait in the queue with their texts.
    const first = [item('/stall/held-0.jpg'), ...Array.from({ length: 19 }, (_, i) => item(`/held-${i + 1}.jpg`))]
    const heldBytes = first.slice(1).reduce((n, i) => n + JSON.stringify(i).length, 0)
    expect(heldBytes).toBeGreaterThan(1024)
    expect(heldBytes).toBeLessThan(2048)
    const accepted = await app.request('/v1/audits', json({ items: first }))
    expect(accepted.status).toBe(202)
    const { id } = (await accepted.json()) as JobJson
    const second = Array.from({ length: 20 }, (_, i) => item(`/second-${i}.jpg`))
    const refused = await app.request('/v1/audits', json({ items: second }))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    const body = (await refused.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('too_many_requests')
    expect(body.error.message).toContain('PREFLIGHT_AUDIT_HELD_BYTES')
    // Cancelled, its queued chunks run (and stop at once): what they held is let go.
    await app.request(`/v1/jobs/${id}`, { method: 'DELETE' })
    const retried = await pollUntil(
      async () => (await app.request('/v1/audits', json({ items: second }))).status,
      (s) => s === 202,
      200,
    )
    expect(retried).toBe(202)
  })
})
