// The engines' options, read from the configuration; the same for the embedded and the Redis engine.
import type { Config } from '../config.js'
import type { Logger } from '../services/logger.js'
import type { JobKind, JobState } from './types.js'

export interface KindLimits {
  /** Embedded and workers: audit items, or fix jobs, worked on at once by one process. */
  concurrency: number
  /** Jobs of this kind queued or running at once; one more is refused with 429. */
  maxJobs: number
  /** A job still running this long after it started is stopped and fails. */
  timeoutMs: number
}

/** Told what the engine did, for the metrics. */
export interface JobObserver {
  task(queue: JobKind, outcome: 'completed' | 'failed' | 'stalled'): void
  jobFinished(kind: JobKind, state: JobState): void
}

export interface EngineOptions {
  /** Where each job's folder is made. */
  root: string
  /** A finished job is kept this long. */
  ttlMs: number
  /** `maxHeldBytes`: item texts the embedded engine may hold in queued chunks, all audits together. */
  audit: KindLimits & { chunkItems: number; maxItems: number; maxHeldBytes: number }
  fix: KindLimits
  log: Logger
  observer?: JobObserver
}

export function engineOptions(config: Config, log: Logger, observer?: JobObserver): EngineOptions {
  return {
    root: config.PREFLIGHT_JOB_DIR,
    ttlMs: config.PREFLIGHT_JOB_TTL_S * 1000,
    audit: {
      concurrency: config.PREFLIGHT_AUDIT_CONCURRENCY,
      maxJobs: config.PREFLIGHT_AUDIT_MAX_JOBS,
      timeoutMs: config.PREFLIGHT_AUDIT_TIMEOUT_S * 1000,
      chunkItems: config.PREFLIGHT_AUDIT_CHUNK_ITEMS,
      maxItems: config.PREFLIGHT_AUDIT_MAX_ITEMS,
      maxHeldBytes: config.PREFLIGHT_AUDIT_HELD_BYTES,
    },
    fix: {
      concurrency: config.PREFLIGHT_FIX_CONCURRENCY,
      maxJobs: config.PREFLIGHT_FIX_MAX_JOBS,
      timeoutMs: config.PREFLIGHT_FIX_TIMEOUT_S * 1000,
    },
    log,
    ...(observer ? { observer } : {}),
  }
}
