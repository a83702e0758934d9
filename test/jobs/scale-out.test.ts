// Many processes on one real redis-server: two services that only accept, two workers; a worker killed half-way,
// a worker stopped with SIGTERM, Redis itself killed and restarted. Each audit ends with every item once.
import { readFile } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../helpers/cli.js'
import { pollUntil, type JobJson } from '../helpers/jobs.js'
import { killAll, startService, startWorker, type Proc } from '../helpers/processes.js'
import { RedisServer } from '../helpers/redis.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const redis = new RedisServer()
let origin: TestServer
let jpeg: Buffer
const requests = new Map<string, number>()
/** Requests being answered now. */
let inFlight = 0
/** Each response waits this long: items take long enough that a kill lands in the middle of the work. */
let delayMs = 15
/**
 * Requests past this many are held until `release()`: every lane of every worker then waits on one, so a kill
 * lands with items in hand however slow the machine is (sampling for 8 at once was left to chance).
 */
let holdAfter = Infinity
let served = 0
const held = new Set<() => void>()
function release(): void {
  holdAfter = Infinity
  for (const answer of held) setTimeout(answer, delayMs)
  held.clear()
}
let procs: Proc[] = []

beforeAll(async () => {
  jpeg = await readFile(samplePath('feed-ok-1080x1350.jpg'))
  origin = await startServer((req, res) => {
    const path = req.url ?? '/'
    if (!path.startsWith('/img/')) return void res.writeHead(404).end()
    requests.set(path, (requests.get(path) ?? 0) + 1)
    inFlight++
    const answer = () => void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg)
    const timer = ++served > holdAfter ? (held.add(answer), undefined) : setTimeout(answer, delayMs)
    res.on('close', () => {
      inFlight--
      clearTimeout(timer)
      held.delete(answer)
    })
  })
  await Promise.all([buildCli(), redis.start({ persist: true })])
}, 180_000)
afterEach(async () => {
  release()
  await killAll(procs)
  procs = []
  requests.clear()
  served = 0
})
afterAll(async () => {
  await origin.close()
  await redis.stop()
})

const env = (extra: Record<string, string> = {}) => ({
  PREFLIGHT_REDIS_URL: redis.url,
  PREFLIGHT_JOB_STALLED_MS: '1000',
  PREFLIGHT_AUDIT_CONCURRENCY: '4',
  PREFLIGHT_CONCURRENCY: '8',
  PREFLIGHT_LOG_LEVEL: 'info',
  PREFLIGHT_RATE_LIMIT: '0',
  ...extra,
})

async function submit(service: string, count: number): Promise<string> {
  const items = Array.from({ length: count }, (_, i) => ({
    url: origin.url(`/img/${i}.jpg`),
    targets: ['instagram.feed'],
  }))
  const res = await fetch(`${service}/v1/audits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  })
  expect(res.status).toBe(202)
  return ((await res.json()) as JobJson).id
}

const job = async (service: string, id: string) => (await (await fetch(`${service}/v1/jobs/${id}`)).json()) as JobJson

/** Every result line's index, and the summary, as a client reads them. */
async function results(service: string, id: string) {
  const lines = (await (await fetch(`${service}/v1/jobs/${id}/results`)).text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { index?: number; summary?: Record<string, number>; report?: { ok: boolean } })
  return {
    indexes: lines.filter((l) => l.index !== undefined).map((l) => l.index!),
    ok: lines.filter((l) => l.report?.ok).length,
    summary: lines.find((l) => l.summary)?.summary,
  }
}

const each = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('jobs across processes on one Redis', () => {
  it('runs a 300-item audit on two workers, one SIGKILLed half-way: 300 results, each index once', async () => {
    const [a, b] = await Promise.all([
      startService(env({ PREFLIGHT_WORKER: 'false' })),
      startService(env({ PREFLIGHT_WORKER: 'false' })),
    ])
    procs.push(a, b)
    const [w1, w2] = await Promise.all([startWorker(env()), startWorker(env())])
    procs.push(w1, w2)
    holdAfter = 150
    const id = await submit(a.url, 300)
    // Both workers at their full 4 items each, held: the one killed surely dies with items in hand.
    await pollUntil(
      async () => inFlight,
      (n) => n === 8,
      2000,
    )
    w1.child.kill('SIGKILL')
    // The service that took the job goes too: the job lives in Redis, any service answers for it.
    a.child.kill('SIGKILL')
    release()
    const done = await pollUntil(
      () => job(b.url, id),
      (j) => j.state === 'done',
      2000,
    )
    expect(done.progress).toEqual({ done: 300, total: 300 })
    const { indexes, ok, summary } = await results(b.url, id)
    expect(indexes.sort((x, y) => x - y)).toEqual(each(300))
    expect(ok).toBe(300)
    expect(summary).toMatchObject({ items: 300, ok: 300, failed: 0, errors: 0 })
    // Items in flight on the killed worker were fetched again by the other: work was redone, never reported twice.
    expect([...requests.keys()].length).toBe(300)
    expect([...requests.values()].reduce((x, y) => x + y, 0)).toBeGreaterThan(300)
    expect((await w1.exited).signal).toBe('SIGKILL')
  }, 60_000)

  it('a worker stopped with SIGTERM hands its chunks back within the deadline, and exits 0', async () => {
    delayMs = 400 // slow items: the worker cannot finish its chunks before the deadline
    try {
      const a = await startService(env({ PREFLIGHT_WORKER: 'false' }))
      procs.push(a)
      // A stalled check far away: only a hand-back can give the chunks to the next worker this soon.
      const slow = { PREFLIGHT_JOB_STALLED_MS: '600000', PREFLIGHT_SHUTDOWN_TIMEOUT_MS: '3000' }
      const w1 = await startWorker(env(slow))
      procs.push(w1)
      const id = await submit(a.url, 40)
      await pollUntil(
        () => job(a.url, id),
        (j) => j.progress.done >= 2,
        2000,
      )
      w1.child.kill('SIGTERM')
      expect(await w1.exited).toEqual({ code: 0, signal: null })
      const w2 = await startWorker(env(slow))
      procs.push(w2)
      delayMs = 5
      const done = await pollUntil(
        () => job(a.url, id),
        (j) => j.state === 'done',
        2000,
      )
      expect(done.progress).toEqual({ done: 40, total: 40 })
      expect((await results(a.url, id)).indexes.sort((x, y) => x - y)).toEqual(each(40))
    } finally {
      delayMs = 15
    }
  }, 60_000)

  it('survives Redis killed and restarted (append-only file on): the audit ends with every item once', async () => {
    const a = await startService(env({ PREFLIGHT_WORKER: 'false' }))
    procs.push(a)
    const w1 = await startWorker(env())
    procs.push(w1)
    const id = await submit(a.url, 120)
    await pollUntil(
      () => job(a.url, id),
      (j) => j.progress.done >= 40,
      2000,
    )
    await redis.kill()
    const down = await fetch(`${a.url}/v1/jobs/${id}`)
    expect(down.status).toBe(503)
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe('unavailable')
    await redis.start({ persist: true })
    const done = await pollUntil(
      () => job(a.url, id).catch(() => ({ state: 'unknown' }) as JobJson),
      (j) => j.state === 'done',
      2000,
    )
    expect(done.progress).toEqual({ done: 120, total: 120 })
    expect((await results(a.url, id)).indexes.sort((x, y) => x - y)).toEqual(each(120))
  }, 60_000)

  it('preflight worker without PREFLIGHT_REDIS_URL is a usage error (exit 2); --help prints its usage', async () => {
    const run = await runCli(['worker'], { env: { PREFLIGHT_REDIS_URL: '' } })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/PREFLIGHT_REDIS_URL/)
    const help = await runCli(['worker', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: preflight worker/)
  })
})
