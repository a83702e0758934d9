// Prometheus metrics on a registry of our own (never prom-client's global), fed from the edges:
// the HTTP middleware, each finished report, and the pipeline's hooks (ffprobe runs, cache lookups).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Report } from '../pipeline/report.js'
import type { QueueStats } from '../jobs/engine.js'
import type { JobObserver } from '../jobs/options.js'
import type { JobKind, JobState } from '../jobs/types.js'
import type { PipelineObserver, ProbeOutcome } from './observer.js'

/** What the queue-depth gauges read at scrape time (the server-wide limiter). */
export interface QueueState {
  readonly active: number
  readonly queued: number
}

export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop): the server's own registry only. */
  process?: boolean
}

const SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]
const BYTES = [10_000, 100_000, 1_000_000, 8_000_000, 30_000_000, 100_000_000, 300_000_000, 1_000_000_000]

/** Where the job queues' gauges are read at scrape time (the job engine). */
export interface JobQueues {
  queueStats(): Promise<QueueStats[]>
}

export class Metrics implements PipelineObserver, JobObserver {
  readonly registry = new Registry()
  #queue: QueueState = { active: 0, queued: 0 }
  #jobQueues: JobQueues | null = null

  readonly #requests = new Counter({
    name: 'preflight_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  })
  readonly #requestSeconds = new Histogram({
    name: 'preflight_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  })
  readonly #preflights = new Counter({
    name: 'preflight_preflights_total',
    help: 'Preflight results, by target and verdict.',
    labelNames: ['target', 'verdict'] as const,
    registers: [this.registry],
  })
  readonly #findings = new Counter({
    name: 'preflight_findings_total',
    help: 'Findings reported, by target, rule id and severity.',
    labelNames: ['target', 'rule', 'severity'] as const,
    registers: [this.registry],
  })
  readonly #fetchSeconds = new Histogram({
    name: 'preflight_fetch_duration_seconds',
    help: 'Media URL downloads: time from request to the last byte or the failure, by status class.',
    labelNames: ['status'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  })
  readonly #fetchBytes = new Histogram({
    name: 'preflight_fetch_bytes',
    help: 'Media URL downloads: bytes read, by status class.',
    labelNames: ['status'] as const,
    buckets: BYTES,
    registers: [this.registry],
  })
  readonly #ffprobeSeconds = new Histogram({
    name: 'preflight_ffprobe_duration_seconds',
    help: 'ffprobe runs, by outcome (ok, timeout, failed, output).',
    labelNames: ['outcome'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  })
  readonly #cacheLookups = new Counter({
    name: 'preflight_cache_lookups_total',
    help: 'Probe-cache lookups, by result (hit, miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })

  readonly #jobTasks = new Counter({
    name: 'preflight_job_tasks_total',
    help: 'Job queue tasks (audit chunks, fix jobs) this process ended, by queue and outcome (completed, failed, stalled: taken back from a dead worker).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  })
  readonly #jobsFinished = new Counter({
    name: 'preflight_jobs_total',
    help: 'Jobs that ended in this process, by kind and final state.',
    labelNames: ['kind', 'state'] as const,
    registers: [this.registry],
  })

  constructor(options: MetricsOptions = {}) {
    const queue = () => this.#queue
    const jobQueues = () => this.#jobQueues
    // Both gauges read the engine once per scrape; on Redis they count the shared queues, the same from every process.
    let stats: Promise<QueueStats[]> | null = null
    const read = async (field: 'waiting' | 'active', gauge: Gauge<'queue'>) => {
      const source = jobQueues()
      if (!source) return
      stats ??= source.queueStats().finally(() => setImmediate(() => (stats = null)))
      for (const s of await stats.catch(() => [])) gauge.set({ queue: s.queue }, s[field])
    }
    new Gauge({
      name: 'preflight_job_queue_waiting',
      help: 'Job queue depth: tasks (audit chunks, fix jobs) waiting, by queue.',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        await read('waiting', this)
      },
    })
    new Gauge({
      name: 'preflight_job_queue_active',
      help: 'Job queue tasks being worked on, by queue.',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        await read('active', this)
      },
    })
    new Gauge({
      name: 'preflight_queue_active',
      help: 'Media items being downloaded or probed now, server-wide.',
      registers: [this.registry],
      collect() {
        this.set(queue().active)
      },
    })
    new Gauge({
      name: 'preflight_queue_waiting',
      help: 'Media items waiting for a slot, server-wide.',
      registers: [this.registry],
      collect() {
        this.set(queue().queued)
      },
    })
    if (options.process) collectDefaultMetrics({ register: this.registry })
  }

  get contentType(): string {
    return this.registry.contentType
  }

  /** The queue whose depth the gauges report. */
  watchQueue(queue: QueueState): void {
    this.#queue = queue
  }

  watchJobs(queues: JobQueues): void {
    this.#jobQueues = queues
  }

  task(queue: JobKind, outcome: 'completed' | 'failed' | 'stalled'): void {
    this.#jobTasks.inc({ queue, outcome })
  }

  jobFinished(kind: JobKind, state: JobState): void {
    this.#jobsFinished.inc({ kind, state })
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) }
    this.#requests.inc(labels)
    this.#requestSeconds.observe(labels, seconds)
  }

  /** Verdicts, findings and downloads of one finished report. */
  preflightDone(report: Report): void {
    for (const { target, verdict, findings } of report.results) {
      this.#preflights.inc({ target, verdict })
      for (const { rule, severity } of findings) this.#findings.inc({ target, rule, severity })
    }
    for (const { source } of report.items) {
      // A refused answer's body is not read: its time is the time to its headers.
      const ms = source?.downloadMs ?? source?.ttfbMs
      if (!source || ms === null || ms === undefined) continue
      const status = source.status === null ? 'none' : `${Math.floor(source.status / 100)}xx`
      this.#fetchSeconds.observe({ status }, ms / 1000)
      this.#fetchBytes.observe({ status }, source.bytes)
    }
  }

  ffprobeRun(seconds: number, outcome: ProbeOutcome): void {
    this.#ffprobeSeconds.observe({ outcome }, seconds)
  }

  cacheLookup(result: 'hit' | 'miss'): void {
    this.#cacheLookups.inc({ result })
  }

  text(): Promise<string> {
    return this.registry.metrics()
  }
}
