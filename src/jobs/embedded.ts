// The embedded engine: jobs run in the service process (nothing else to start); they do not survive a restart.
import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { rm, stat } from 'node:fs/promises'
import { ServiceError } from '../errors.js'
import { count, type BatchLine } from '../http/batch-line.js'
import { emptyTally } from './tally.js'
import {
  chunkSize,
  isFinal,
  type JobEngine,
  type JobError,
  type JobRecord,
  type OutputFile,
  type PrepareFix,
  type QueueStats,
} from './engine.js'
import type { JobHandlers } from './handlers.js'
import { runChunk } from './handlers.js'
import { fileInJobDir, makeJobDir, removeJobDir } from './job-dir.js'
import { jobError, stopReason } from './job-errors.js'
import type { EngineOptions } from './options.js'
import { ResultsFile } from './results-file.js'
import { TaskQueue } from './task-queue.js'
import type { FixJobInput, JobKind, JobState } from './types.js'
import { join } from 'node:path'

interface Live {
  record: JobRecord
  workDir: string
  /** Aborted on cancel, shutdown or the time limit; the reason says which. */
  controller: AbortController
  timer?: NodeJS.Timeout
  expiry?: NodeJS.Timeout
  results?: ResultsFile
}

export class EmbeddedEngine implements JobEngine {
  readonly name = 'embedded'
  readonly #jobs = new Map<string, Live>()
  readonly #queues: Record<JobKind, TaskQueue>
  /** Bytes of item texts in audit chunks not yet started. */
  #heldBytes = 0
  #closed = false

  constructor(
    readonly options: EngineOptions,
    readonly handlers: JobHandlers,
  ) {
    this.#queues = { audit: new TaskQueue(options.audit.concurrency), fix: new TaskQueue(options.fix.concurrency) }
  }

  async submitAudit(items: readonly string[]): Promise<JobRecord> {
    // Queued chunks hold their items' texts: bounded across audits, as the job count is (429, retry later).
    const bytes = textBytes(items)
    const { maxHeldBytes } = this.options.audit
    if (this.#heldBytes + bytes > maxHeldBytes) {
      throw new ServiceError(
        'too_many_requests',
        `Queued audits may hold at most ${maxHeldBytes} bytes of items (PREFLIGHT_AUDIT_HELD_BYTES); retry later.`,
      )
    }
    const job = await this.#create('audit', items.length)
    job.results = await ResultsFile.create(join(job.workDir, 'results.ndjson'))
    const size = chunkSize(items.length, this.options.audit.chunkItems)
    for (let start = 0; start < items.length; start += size) {
      const chunk = { start, items: items.slice(start, start + size) }
      const held = textBytes(chunk.items)
      this.#heldBytes += held
      this.#queues.audit.push(() => {
        this.#heldBytes -= held
        return this.#runChunk(job, chunk)
      })
    }
    return job.record
  }

  async submitFix(prepare: PrepareFix): Promise<JobRecord> {
    const job = await this.#create('fix', 1)
    let input: FixJobInput
    try {
      input = await prepare(job.workDir)
    } catch (error) {
      this.#jobs.delete(job.record.id)
      await removeJobDir(this.options.root, job.record.id)
      throw error
    }
    this.#queues.fix.push(() => this.#runFix(job, input))
    return job.record
  }

  async get(id: string): Promise<JobRecord | null> {
    return this.#live(id)?.record ?? null
  }

  async results(id: string): Promise<AsyncIterable<string> | null> {
    const job = this.#live(id)
    if (!job) return null
    return job.results?.lines() ?? (async function* () {})()
  }

  async output(id: string, n: number): Promise<OutputFile | null> {
    const job = this.#live(id)
    const output = job?.record.fix?.outputs[n]
    if (!output) return null
    const path = fileInJobDir(this.options.root, id, output.file)
    const info = path ? await stat(path).catch(() => null) : null
    if (!path || !info?.isFile()) return null
    return { path, mime: output.mime, bytes: info.size, name: output.file }
  }

  async cancel(id: string): Promise<JobRecord | null> {
    const job = this.#live(id)
    if (!job) return null
    if (!isFinal(job.record.state)) {
      job.controller.abort(stopReason('cancelled'))
      await this.#finish(job, 'cancelled', null)
    }
    return job.record
  }

  async queueStats(): Promise<QueueStats[]> {
    return (['audit', 'fix'] as const).map((queue) => ({
      queue,
      waiting: this.#queues[queue].waiting,
      active: this.#queues[queue].active,
    }))
  }

  /** Work stops at once (the shutdown, not the deadline, ends embedded jobs), then every job's folder goes. */
  async close(deadlineMs: number): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const stopped = Promise.all([this.#queues.audit.close(), this.#queues.fix.close()])
    for (const job of this.#jobs.values()) {
      if (isFinal(job.record.state)) continue
      job.controller.abort(stopReason('shutdown'))
      await this.#finish(job, 'failed', jobError(stopReason('shutdown')))
    }
    let timer: NodeJS.Timeout | undefined
    await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, deadlineMs)))])
    clearTimeout(timer)
    for (const job of this.#jobs.values()) {
      clearTimeout(job.expiry)
      await job.results?.close()
      await removeJobDir(this.options.root, job.record.id)
    }
    this.#jobs.clear()
  }

  async #create(kind: JobKind, total: number): Promise<Live> {
    if (this.#closed) throw new ServiceError('unavailable', 'The service is shutting down; retry shortly.')
    const limits = this.options[kind]
    const open = [...this.#jobs.values()].filter((j) => j.record.kind === kind && !isFinal(j.record.state)).length
    if (open >= limits.maxJobs) {
      throw new ServiceError(
        'too_many_requests',
        `At most ${limits.maxJobs} ${kind} jobs may be queued or running; retry later.`,
      )
    }
    const id = randomUUID()
    const record: JobRecord = {
      id,
      kind,
      state: 'queued',
      total,
      done: 0,
      tally: emptyTally(),
      createdAt: Date.now(),
      startedAt: null,
      finishedAt: null,
      fix: null,
      error: null,
    }
    const controller = new AbortController()
    // Every chunk of the job in flight listens to it (at most the audit concurrency).
    setMaxListeners(0, controller.signal)
    const job: Live = { record, controller, workDir: await makeJobDir(this.options.root, id) }
    this.#jobs.set(id, job)
    return job
  }

  /** The job, unless it is unknown or has expired (then it is removed now). */
  #live(id: string): Live | undefined {
    const job = this.#jobs.get(id)
    const finished = job?.record.finishedAt
    if (job && finished !== null && finished !== undefined && Date.now() >= finished + this.options.ttlMs) {
      this.#expire(job)
      return undefined
    }
    return job
  }

  #start(job: Live): void {
    if (job.record.state !== 'queued') return
    job.record.state = 'active'
    job.record.startedAt = Date.now()
    const { timeoutMs } = this.options[job.record.kind]
    job.timer = setTimeout(() => {
      job.controller.abort(stopReason('deadline', timeoutMs))
      void this.#finish(job, 'failed', jobError(stopReason('deadline', timeoutMs)))
    }, timeoutMs)
    job.timer.unref()
  }

  async #runChunk(job: Live, chunk: { start: number; items: readonly string[] }): Promise<void> {
    if (isFinal(job.record.state)) return
    this.#start(job)
    const scope = { signal: job.controller.signal, log: this.options.log.child({ job: job.record.id }) }
    const store = async (line: BatchLine) => {
      await job.results!.append(JSON.stringify(line))
      job.record.done++
      count(job.record.tally, line)
      if (job.record.done === job.record.total) await this.#finish(job, 'done', null)
    }
    try {
      await runChunk(this.handlers, chunk, scope, new Set(), store)
      this.options.observer?.task('audit', 'completed')
    } catch (error) {
      // The disk refused a result: the job cannot be complete, so it fails now rather than at its deadline.
      scope.log.error({ err: error }, 'audit chunk failed')
      this.options.observer?.task('audit', 'failed')
      job.controller.abort(error)
      await this.#finish(job, 'failed', jobError(error))
    }
  }

  async #runFix(job: Live, input: FixJobInput): Promise<void> {
    if (isFinal(job.record.state)) return
    this.#start(job)
    const log = this.options.log.child({ job: job.record.id })
    const ctx = {
      signal: job.controller.signal,
      workDir: job.workDir,
      progress: (done: number, total: number) => {
        if (isFinal(job.record.state)) return
        job.record.done = done
        job.record.total = total
      },
    }
    try {
      const result = await this.handlers.fix(input, ctx)
      if (job.controller.signal.aborted) throw job.controller.signal.reason
      job.record.fix = result
      job.record.done = job.record.total
      await this.#finish(job, 'done', null)
      this.options.observer?.task('fix', 'completed')
    } catch (error) {
      if (!job.controller.signal.aborted && !(error instanceof ServiceError))
        log.error({ err: error }, 'fix job failed')
      this.options.observer?.task('fix', 'failed')
      await this.#finish(job, 'failed', jobError(job.controller.signal.aborted ? job.controller.signal.reason : error))
      // A cancelled fix leaves nothing behind: its partial outputs go now, not at expiry.
      if (job.record.state === 'cancelled') await rm(job.workDir, { recursive: true, force: true })
    }
  }

  async #finish(job: Live, state: JobState, error: JobError | null): Promise<void> {
    if (isFinal(job.record.state)) return
    job.record.state = state
    job.record.finishedAt = Date.now()
    job.record.error = error
    clearTimeout(job.timer)
    this.options.observer?.jobFinished(job.record.kind, state)
    if (this.#closed) return
    job.expiry = setTimeout(() => this.#expire(job), this.options.ttlMs)
    job.expiry.unref()
  }

  #expire(job: Live): void {
    clearTimeout(job.expiry)
    this.#jobs.delete(job.record.id)
    void job.results?.close().then(() => removeJobDir(this.options.root, job.record.id))
    if (!job.results) void removeJobDir(this.options.root, job.record.id)
  }
}

/** What item texts hold in memory, about: two bytes a UTF-16 unit at most, one for the ASCII they mostly are. */
function textBytes(items: readonly string[]): number {
  let bytes = 0
  for (const item of items) bytes += item.length
  return bytes
}
