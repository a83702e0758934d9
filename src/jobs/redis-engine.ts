// The Redis engine: jobs are BullMQ jobs on PREFLIGHT_REDIS_URL, shared by every service and worker process on it.
// An audit is cut into chunks (one BullMQ job each) so that many workers share it; a chunk whose worker died is
// taken up by another after BullMQ's stalled check, and skips the items already stored.
import { randomUUID } from 'node:crypto'
import { readdir, rm, stat } from 'node:fs/promises'
import { Queue, WaitingError, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import { ServiceError } from '../errors.js'
import { readMediaUrl } from '../fetch/http-url.js'
import { connectRedis } from '../services/redis.js'
import { lineOutcome, type BatchLine } from '../http/batch-line.js'
import {
  chunkSize,
  isFinal,
  type JobEngine,
  type JobRecord,
  type OutputFile,
  type PrepareFix,
  type QueueStats,
} from './engine.js'
import { runChunk, type JobHandlers } from './handlers.js'
import { fileInJobDir, isJobId, jobDir, makeJobDir, removeJobDir } from './job-dir.js'
import { jobError, stopReason } from './job-errors.js'
import type { EngineOptions } from './options.js'
import { CANCEL_CHANNEL, RedisJobStore, withScripts, type ScriptedRedis } from './redis-store.js'
import type { FixJobInput, JobKind } from './types.js'

export interface RedisEngineOptions extends EngineOptions {
  url: string
  /** Run jobs in this process (a worker, or a service with PREFLIGHT_WORKER=true), or only accept them. */
  worker: boolean
  /** BullMQ's lock time and stalled-check interval. */
  stalledMs: number
  /** The process's command connection (made here when not given); closed with the engine. */
  redis?: Redis
}

interface ChunkData {
  id: string
  start: number
  /** Each item's JSON text; a chunk queued by an earlier version holds parsed items. */
  items: unknown[]
}

interface FixData {
  id: string
  input: FixJobInput
}

const BULL_PREFIX = 'preflight-bull'
const QUEUE_NAMES: Record<JobKind, string> = { audit: 'preflight-audit', fix: 'preflight-fix' }
// Handing a chunk back (moveToWait) needs a moment before the shutdown deadline.
const HANDBACK_MARGIN_MS = 2000
// A fix job's progress is written at most this often.
const PROGRESS_EVERY_MS = 250
// How many times a chunk may be taken back from a dead worker, or retried after Redis failed under it.
const MAX_STALLED = 10
// Audit chunks queued per addBulk call.
const ADD_CHUNKS_AT_ONCE = 100
const ATTEMPTS = 5

const HANDBACK = new Error('worker stopping: chunk handed back')

const unreachable = (cause: unknown) =>
  new ServiceError('unavailable', 'The job store (Redis) is unreachable; retry shortly.', { cause })

export class RedisEngine implements JobEngine {
  readonly name = 'redis'
  readonly #redis: ScriptedRedis
  readonly #subscriber: Redis
  readonly #store: RedisJobStore
  readonly #queues: Record<JobKind, Queue>
  readonly #workers: Worker[] = []
  /** Each worker's own connection: BullMQ leaves a connection it was given open. */
  readonly #workerConnections: Redis[] = []
  /** Work in flight in this process, by job id: aborted on cancel, deadline or hand-back. */
  readonly #running = new Map<string, Set<AbortController>>()
  readonly #sweeper: NodeJS.Timeout
  #closed = false

  constructor(
    readonly options: RedisEngineOptions,
    readonly handlers: JobHandlers,
  ) {
    const log = options.log
    this.#redis = withScripts(options.redis ?? connectRedis(options.url, log))
    this.#store = new RedisJobStore(this.#redis, options.ttlMs)
    const connection = this.#redis
    this.#queues = {
      audit: new Queue(QUEUE_NAMES.audit, { connection, prefix: BULL_PREFIX }),
      fix: new Queue(QUEUE_NAMES.fix, { connection, prefix: BULL_PREFIX }),
    }
    this.#subscriber = new Redis(options.url, { maxRetriesPerRequest: null })
    this.#subscriber.on('error', (err) => log.warn({ err }, 'redis subscriber error'))
    this.#subscriber.on('message', (_channel, id: string) => this.#abortLocal(id, stopReason('cancelled')))
    void this.#subscriber.subscribe(CANCEL_CHANNEL).catch((err: unknown) => log.warn({ err }, 'cannot subscribe'))
    if (options.worker) {
      this.#workers.push(
        this.#worker('audit', options.audit.concurrency, (job, token, signal) => this.#chunk(job, token, signal)),
      )
      this.#workers.push(
        this.#worker('fix', options.fix.concurrency, (job, token, signal) => this.#fix(job, token, signal)),
      )
    }
    // Jobs whose time ran out with no worker on them, and folders of jobs that expired, are looked for now and then.
    this.#sweeper = setInterval(() => void this.#sweep(), Math.min(60_000, Math.max(500, options.ttlMs / 2)))
    this.#sweeper.unref()
  }

  async submitAudit(items: readonly string[]): Promise<JobRecord> {
    const id = await this.#create('audit', items.length)
    const size = chunkSize(items.length, this.options.audit.chunkItems)
    try {
      // A few chunks a call: one call for 100,000 items would hold every chunk's JSON and its command at once.
      for (let start = 0, n = 0; start < items.length;) {
        const chunks = []
        for (; start < items.length && chunks.length < ADD_CHUNKS_AT_ONCE; start += size, n++) {
          const data: ChunkData = { id, start, items: items.slice(start, start + size) }
          chunks.push({ name: 'chunk', data, opts: { jobId: `${id}-${n}`, ...this.#jobOpts() } })
        }
        await this.#queues.audit.addBulk(chunks)
      }
    } catch (error) {
      // Chunks already queued find the job gone and do nothing.
      await this.#store.remove(id, 'audit').catch(() => undefined)
      throw unreachable(error)
    }
    return this.#mustGet(id)
  }

  async submitFix(prepare: PrepareFix): Promise<JobRecord> {
    const id = await this.#create('fix', 1)
    try {
      const input = await prepare(await makeJobDir(this.options.root, id))
      await this.#queues.fix.add('fix', { id, input } satisfies FixData, { jobId: id, ...this.#jobOpts() })
    } catch (error) {
      await this.#store.remove(id, 'fix').catch(() => undefined)
      await removeJobDir(this.options.root, id)
      throw error instanceof ServiceError ? error : unreachable(error)
    }
    return this.#mustGet(id)
  }

  async get(id: string): Promise<JobRecord | null> {
    return this.#call(() => this.#store.get(id))
  }

  async results(id: string): Promise<AsyncIterable<string> | null> {
    if (!(await this.#call(() => this.#store.exists(id)))) return null
    return this.#store.results(id)
  }

  async output(id: string, n: number): Promise<OutputFile | null> {
    const output = (await this.get(id))?.fix?.outputs[n]
    if (!output) return null
    const path = fileInJobDir(this.options.root, id, output.file)
    const info = path ? await stat(path).catch(() => null) : null
    if (!path || !info?.isFile()) return null
    return { path, mime: output.mime, bytes: info.size, name: output.file }
  }

  async cancel(id: string): Promise<JobRecord | null> {
    const job = await this.get(id)
    if (!job) return null
    if (!isFinal(job.state) && (await this.#call(() => this.#store.finish(id, job.kind, 'cancelled')))) {
      this.options.observer?.jobFinished(job.kind, 'cancelled')
      await this.#call(() => this.#redis.publish(CANCEL_CHANNEL, id))
    }
    return this.get(id)
  }

  async queueStats(): Promise<QueueStats[]> {
    return Promise.all(
      (['audit', 'fix'] as const).map(async (queue) => {
        const counts = await this.#queues[queue].getJobCounts('wait', 'prioritized', 'delayed', 'active')
        const waiting = (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0)
        return { queue, waiting, active: counts.active ?? 0 }
      }),
    )
  }

  /** Workers finish their chunk, or hand it back once `deadlineMs` (less a margin) has passed; then connections close. */
  async close(deadlineMs: number): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#sweeper)
    const closing = Promise.all(this.#workers.map((w) => w.close()))
    const handback = setTimeout(
      () => {
        for (const id of this.#running.keys()) this.#abortLocal(id, HANDBACK)
      },
      Math.max(0, deadlineMs - HANDBACK_MARGIN_MS),
    )
    let hard: NodeJS.Timeout | undefined
    await Promise.race([closing, new Promise((resolve) => (hard = setTimeout(resolve, deadlineMs)))])
    clearTimeout(handback)
    clearTimeout(hard)
    await Promise.allSettled([this.#queues.audit.close(), this.#queues.fix.close()])
    this.#subscriber.disconnect()
    for (const connection of this.#workerConnections) connection.disconnect()
    await this.#redis.quit().catch(() => this.#redis.disconnect())
  }

  #worker(
    kind: JobKind,
    concurrency: number,
    processor: (job: Job, token?: string, signal?: AbortSignal) => Promise<void>,
  ) {
    const { stalledMs, observer, log } = this.options
    // BullMQ's blocking commands must not be cut by ioredis' retry limit.
    const connection = new Redis(this.options.url, { maxRetriesPerRequest: null })
    connection.on('error', (err) => log.warn({ err, queue: kind }, 'worker connection error'))
    this.#workerConnections.push(connection)
    const worker = new Worker(QUEUE_NAMES[kind], processor, {
      connection,
      prefix: BULL_PREFIX,
      concurrency,
      lockDuration: stalledMs,
      stalledInterval: stalledMs,
      maxStalledCount: MAX_STALLED,
    })
    worker.on('error', (err) => log.warn({ err, queue: kind }, 'worker error'))
    worker.on('completed', () => observer?.task(kind, 'completed'))
    worker.on('failed', (_job, err) => {
      observer?.task(kind, 'failed')
      log.warn({ err, queue: kind }, 'job task failed; BullMQ retries it')
    })
    worker.on('stalled', () => observer?.task(kind, 'stalled'))
    return worker
  }

  #jobOpts() {
    return {
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: Math.ceil(this.options.ttlMs / 1000) },
    }
  }

  async #create(kind: JobKind, total: number): Promise<string> {
    if (this.#closed) throw new ServiceError('unavailable', 'The service is shutting down; retry shortly.')
    const id = randomUUID()
    const { maxJobs, timeoutMs } = this.options[kind]
    if (!(await this.#call(() => this.#store.create(id, kind, total, maxJobs, timeoutMs)))) {
      throw new ServiceError(
        'too_many_requests',
        `At most ${maxJobs} ${kind} jobs may be queued or running; retry later.`,
      )
    }
    return id
  }

  async #mustGet(id: string): Promise<JobRecord> {
    const job = await this.get(id)
    if (!job) throw unreachable(new Error('job vanished after creation'))
    return job
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      if (error instanceof ServiceError) throw error
      this.options.log.warn({ err: error }, 'job store call failed')
      throw unreachable(error)
    }
  }

  /** A local controller for work on job `id`, aborted by BullMQ's signal, a cancel, the deadline or a hand-back. */
  #track(id: string, deadline: number, signal: AbortSignal | undefined) {
    const controller = new AbortController()
    const set = this.#running.get(id) ?? new Set()
    set.add(controller)
    this.#running.set(id, set)
    const timeoutMs = deadline - Date.now()
    const timer = setTimeout(() => controller.abort(stopReason('deadline')), Math.max(0, timeoutMs))
    const onBull = () => controller.abort(stopReason('cancelled'))
    signal?.addEventListener('abort', onBull, { once: true })
    return {
      controller,
      [Symbol.dispose]: () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onBull)
        set.delete(controller)
        if (set.size === 0) this.#running.delete(id)
      },
    }
  }

  #abortLocal(id: string, reason: unknown): void {
    for (const controller of this.#running.get(id) ?? []) controller.abort(reason)
  }

  /** What a stopped piece of work leaves: handed back to the queue, the job failed at its deadline, or nothing (cancelled). */
  async #stopped(job: Job, token: string | undefined, id: string, kind: JobKind, reason: unknown): Promise<void> {
    if (reason === HANDBACK) {
      await job.moveToWait(token)
      throw new WaitingError()
    }
    if (reason instanceof ServiceError && reason.code === 'deadline_exceeded') await this.#failAtDeadline(id, kind)
  }

  /** Ends the job as failed (once, whichever process sees it first) and stops its work everywhere. */
  async #failAtDeadline(id: string, kind: JobKind): Promise<void> {
    const error = jobError(stopReason('deadline', this.options[kind].timeoutMs))
    if (await this.#store.finish(id, kind, 'failed', { error })) {
      this.options.observer?.jobFinished(kind, 'failed')
      await this.#redis.publish(CANCEL_CHANNEL, id)
    }
  }

  async #chunk(job: Job, token?: string, signal?: AbortSignal): Promise<void> {
    const { id, start, items: sent } = job.data as ChunkData
    const items = sent.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
    const started = await this.#store.start(id)
    if (!started || isFinal(started.state)) return // cancelled, failed or expired: nothing to do
    using work = this.#track(id, started.deadline, signal)
    const scope = { signal: work.controller.signal, log: this.options.log.child({ job: id, chunk: job.id }) }
    const stored = await this.#store.storedIndexes(id, start, items.length)
    const store = async (line: BatchLine) => {
      const added = await this.#store.addResult(id, line, lineOutcome(line))
      if (added === 1) this.options.observer?.jobFinished('audit', 'done')
      if (added === -1) work.controller.abort(stopReason('cancelled')) // the job ended meanwhile: stop storing
    }
    await runChunk(this.handlers, { start, items }, scope, stored, store)
    if (scope.signal.aborted) await this.#stopped(job, token, id, 'audit', scope.signal.reason)
  }

  async #fix(job: Job, token?: string, signal?: AbortSignal): Promise<void> {
    const { id, input: sent } = job.data as FixData
    const input = revive(sent)
    const started = await this.#store.start(id)
    if (!started || isFinal(started.state)) return
    using work = this.#track(id, started.deadline, signal)
    const local = work.controller.signal
    let last = 0
    const ctx = {
      signal: local,
      workDir: jobDir(this.options.root, id),
      progress: (done: number, total: number) => {
        const now = Date.now()
        if (now - last < PROGRESS_EVERY_MS && done < total) return
        last = now
        void this.#store.progress(id, done, total).catch(() => undefined)
      },
    }
    try {
      const result = await this.handlers.fix(input, ctx)
      if (local.aborted) throw local.reason
      if (await this.#store.finish(id, 'fix', 'done', { fix: result }))
        this.options.observer?.jobFinished('fix', 'done')
    } catch (error) {
      if (local.aborted) {
        await this.#stopped(job, token, id, 'fix', local.reason)
        // A cancelled fix leaves nothing behind: its partial outputs go now, not at expiry.
        if (local.reason !== HANDBACK) await rm(ctx.workDir, { recursive: true, force: true })
        return
      }
      if (!(error instanceof ServiceError)) this.options.log.error({ err: error, job: id }, 'fix job failed')
      if (await this.#store.finish(id, 'fix', 'failed', { error: jobError(error) }))
        this.options.observer?.jobFinished('fix', 'failed')
    }
  }

  async #sweep(): Promise<void> {
    try {
      const now = Date.now()
      for (const kind of ['audit', 'fix'] as const) {
        for (const id of await this.#store.openJobs(kind)) {
          const deadline = await this.#store.deadlineOf(id)
          if (deadline !== null && now >= deadline) {
            await this.#failAtDeadline(id, kind)
          }
        }
      }
      const names = await readdir(this.options.root).catch(() => [] as string[])
      for (const name of names) {
        if (isJobId(name) && !(await this.#store.exists(name))) await removeJobDir(this.options.root, name)
      }
    } catch (err) {
      this.options.log.warn({ err }, 'job sweep failed')
    }
  }
}

/** A fix input back from JSON: each media URL's parsed form (a URL object) was written as a string. */
function revive(input: FixJobInput): FixJobInput {
  const media = input.request.media.map((m) => ('url' in m ? { ...m, url: readMediaUrl(m.url.given) } : m))
  return { ...input, request: { ...input.request, media } }
}
