// The job engine's interface, shared by the embedded engine (in the service process) and the Redis engine (BullMQ).
import type { Tally } from './tally.js'
import type { FixJobInput, FixJobResult, JobKind, JobState } from './types.js'

export interface JobError {
  code: string
  message: string
}

/** What either engine keeps of a job; times in ms since the epoch. */
export interface JobRecord {
  id: string
  kind: JobKind
  state: JobState
  total: number
  done: number
  /** Audit jobs: how the stored results count. */
  tally: Tally
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
  /** Fix jobs once done. */
  fix: FixJobResult | null
  error: JobError | null
}

/** A fix job's output file, ready to be sent. */
export interface OutputFile {
  path: string
  mime: string
  bytes: number
  name: string
}

/** Makes a fix job's input once its folder exists (uploads are copied into it). */
export type PrepareFix = (workDir: string) => Promise<FixJobInput>

export interface QueueStats {
  queue: JobKind
  waiting: number
  active: number
}

export interface JobEngine {
  readonly name: 'embedded' | 'redis'
  /** Each item as its JSON text (parsed when it runs); refused with 429 when this kind's queue is full. */
  submitAudit(items: readonly string[]): Promise<JobRecord>
  submitFix(prepare: PrepareFix): Promise<JobRecord>
  /** Null: unknown or expired. */
  get(id: string): Promise<JobRecord | null>
  /** The NDJSON lines stored so far (each without its newline), null when the job is unknown. */
  results(id: string): Promise<AsyncIterable<string> | null>
  output(id: string, n: number): Promise<OutputFile | null>
  /** Cancels a queued or running job (a finished one is left as it is); null when unknown. */
  cancel(id: string): Promise<JobRecord | null>
  queueStats(): Promise<QueueStats[]>
  /** Stops taking work; running work is stopped (embedded) or handed back (Redis) within `deadlineMs`. */
  close(deadlineMs: number): Promise<void>
}

export const FINAL_STATES: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled'])

export const isFinal = (state: JobState) => FINAL_STATES.has(state)

/** An audit of `total` items is cut into chunks: small enough that many workers share a job, large enough to cost little. */
export function chunkSize(total: number, maxChunk: number): number {
  // About 64 chunks for a small audit, so that it spreads over every worker; never more than maxChunk items.
  return Math.max(1, Math.min(maxChunk, Math.ceil(total / 64)))
}
