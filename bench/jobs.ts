// npm run bench:jobs: an audit of 10,000 loopback URLs on the embedded engine, then on Redis with 1, 2 and 4
// worker processes, all with the same total concurrency: items per second, and what going through Redis costs.
// Usage: npm run bench:jobs -- [--items 10000] [--concurrency 8] [--workers 1,2,4]
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.js'
import { createWorkContext } from '../src/http/work-context.js'
import { EmbeddedEngine } from '../src/jobs/embedded.js'
import type { JobEngine } from '../src/jobs/engine.js'
import { jobHandlers, type JobHandlers } from '../src/jobs/handlers.js'
import { engineOptions } from '../src/jobs/options.js'
import { RedisEngine } from '../src/jobs/redis-engine.js'
import { createLogger } from '../src/services/logger.js'
import { cleanupAll, installExitHandlers, onCleanup, track } from './cleanup.js'
import { spawnOrigin, type Origin } from './origin.js'
import { RedisServer } from './redis-server.js'
import { startService } from './service.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..') // dist/bench/jobs.js → the repository
const SERVER = join(ROOT, 'dist/src/server.js')
const CLI = join(ROOT, 'dist/src/cli/main.js')
const RUN = Date.now().toString(36)

interface JobJson {
  state: string
  progress: { done: number; total: number }
  startedAt: string | null
  finishedAt: string | null
}

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
    workers: { type: 'string', default: '1,2,4' },
    'overhead-only': { type: 'boolean', default: false },
  },
})
const items = Number(values.items)
const concurrency = Number(values.concurrency)
const workerCounts = values.workers.split(',').map(Number)

// Logs as in production (a line per item, drained from a pipe), the same in every process.
const common = {
  PREFLIGHT_AUDIT_MAX_ITEMS: String(items),
  PREFLIGHT_RATE_LIMIT: '0',
  PREFLIGHT_LOG_LEVEL: 'info',
  PREFLIGHT_PROBE_CACHE: 'false',
  PREFLIGHT_CONCURRENCY: String(concurrency),
}

async function startWorker(env: Record<string, string>): Promise<() => Promise<void>> {
  const child = track(
    spawn(process.execPath, ['--max-semi-space-size=2', CLI, 'worker'], {
      env: { ...process.env, MALLOC_ARENA_MAX: '2', PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
  let log = ''
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`worker did not start: ${log}`)), 15_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000)
      if (log.includes('"msg":"worker started"')) {
        clearTimeout(timer)
        ok()
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-4000)))
    child.once('exit', (code) => fail(new Error(`worker exited (${code}): ${log}`)))
  })
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  }
}

/** Seconds from the job's start to its end, as the engine recorded them. */
async function audit(service: string, origin: Origin, label: string): Promise<number> {
  const body = {
    items: Array.from({ length: items }, (_, i) => ({
      url: `${origin.url('small.jpg')}?distinct=${RUN}-${label}-${i}`,
      targets: ['instagram.feed'],
    })),
  }
  const res = await fetch(`${service}/v1/audits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (res.status !== 202) throw new Error(`audit refused: ${res.status} ${await res.text()}`)
  const location = res.headers.get('location')!
  const until = Date.now() + 30 * 60_000
  let job: JobJson
  do {
    await new Promise((r) => setTimeout(r, 200))
    job = (await (await fetch(`${service}${location}`)).json()) as JobJson
  } while (!['done', 'failed', 'cancelled'].includes(job.state) && Date.now() < until)
  if (job.state !== 'done') throw new Error(`audit ended ${job.state}`)
  return (Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000
}

async function main(): Promise<void> {
  installExitHandlers()
  const dir = await mkdtemp(join(tmpdir(), 'preflight-bench-jobs-'))
  onCleanup(() => rm(dir, { recursive: true, force: true }))
  await copyFile(join(ROOT, 'samples/small-200x250.jpg'), join(dir, 'small.jpg'))
  const origin = await spawnOrigin(dir)
  onCleanup(origin.close)
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  )
  await engineOverhead(origin)
  if (values['overhead-only']) return
  console.log(`\n${items} items (200x250 JPEGs, each distinct, probe cache off), total concurrency ${concurrency}`)
  const rows: { engine: string; seconds: number }[] = []

  const embedded = await startService({
    serverScript: SERVER,
    env: { ...common, PREFLIGHT_AUDIT_CONCURRENCY: String(concurrency), PREFLIGHT_JOB_DIR: join(dir, 'jobs') },
  })
  rows.push({ engine: 'embedded', seconds: await audit(embedded.url, origin, 'embedded') })
  await embedded.stop()

  const redis = new RedisServer()
  await redis.start()
  onCleanup(() => redis.stop())
  const onRedis = { ...common, PREFLIGHT_REDIS_URL: redis.url, PREFLIGHT_JOB_DIR: join(dir, 'jobs') }
  const api = await startService({ serverScript: SERVER, env: { ...onRedis, PREFLIGHT_WORKER: 'false' } })
  for (const count of workerCounts) {
    const each = String(Math.max(1, Math.round(concurrency / count)))
    const stops = await Promise.all(
      Array.from({ length: count }, () =>
        startWorker({ ...onRedis, PREFLIGHT_AUDIT_CONCURRENCY: each, PREFLIGHT_CONCURRENCY: each }),
      ),
    )
    rows.push({
      engine: `redis, ${count} worker${count > 1 ? 's' : ''} x ${each}`,
      seconds: await audit(api.url, origin, `w${count}`),
    })
    await Promise.all(stops.map((stop) => stop()))
  }
  await api.stop()

  const base = rows[0]!.seconds
  console.log(
    '\nengine                    seconds   items/s   vs embedded   extra wall ms/item   extra ms/item in a lane',
  )
  for (const { engine, seconds } of rows) {
    const extra = seconds - base
    console.log(
      `${engine.padEnd(25)} ${seconds.toFixed(1).padStart(7)} ${(items / seconds).toFixed(0).padStart(9)}` +
        ` ${`${(base / seconds).toFixed(2)}x`.padStart(13)} ${((extra * 1000) / items).toFixed(3).padStart(20)}` +
        ` ${((extra * 1000 * concurrency) / items).toFixed(2).padStart(25)}`,
    )
  }
}

/**
 * The engines alone, in this process: every item answers at once with one real report line (checked once against
 * the origin), so the time is the queue's, the chunks' and the result writes', not media work's. The Redis
 * engine's extra time per item is what going through Redis costs (one worker, the same concurrency).
 */
async function engineOverhead(origin: Origin): Promise<void> {
  const config = loadConfig({ ...process.env, ...common, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true' })
  const log = createLogger('silent')
  const work = createWorkContext(config, { logger: log })
  const real = jobHandlers(work)
  const scope = { signal: new AbortController().signal, log }
  const line = await real.auditItem(
    JSON.stringify({ url: origin.url('small.jpg'), targets: ['instagram.feed'] }),
    0,
    scope,
  )
  const handlers: JobHandlers = { ...real, auditItem: async (_item, index) => ({ ...line, index }) }
  const list = Array.from({ length: items }, (_, i) => JSON.stringify({ url: `${origin.url('small.jpg')}?i=${i}` }))
  const redis = new RedisServer()
  await redis.start()
  onCleanup(() => redis.stop())
  const dir = await mkdtemp(join(tmpdir(), 'preflight-bench-overhead-'))
  onCleanup(() => rm(dir, { recursive: true, force: true }))
  const options = { ...engineOptions(config, log), root: dir }
  options.audit = { ...options.audit, concurrency }
  const timeOf = async (engine: JobEngine) => {
    const started = performance.now()
    const { id } = await engine.submitAudit(list)
    let job = await engine.get(id)
    while (job && job.state !== 'done') {
      await new Promise((r) => setTimeout(r, 5))
      job = await engine.get(id)
    }
    const ms = performance.now() - started
    await engine.close(5000)
    return ms
  }
  const embeddedMs = await timeOf(new EmbeddedEngine(options, handlers))
  const redisMs = await timeOf(
    new RedisEngine({ ...options, url: redis.url, worker: true, stalledMs: 30_000 }, handlers),
  )
  await redis.stop()
  console.log(
    `\nengine overhead: ${items} items answered at once (no media work), concurrency ${concurrency}, one process`,
  )
  console.log(
    `  embedded ${(embeddedMs / items).toFixed(3)} ms/item, Redis ${(redisMs / items).toFixed(3)} ms/item wall;`,
  )
  console.log(
    `  going through Redis: ${((redisMs - embeddedMs) / items).toFixed(3)} ms/item of wall time,` +
      ` ${(((redisMs - embeddedMs) * concurrency) / items).toFixed(3)} ms/item in each of the ${concurrency} lanes`,
  )
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(cleanupAll)
