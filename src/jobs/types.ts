// What the job engine (embedded or BullMQ) and the work it runs agree on. The engine owns queues,
// bounds, cancel and expiry; a job kind's handler owns only its work.
import type { TargetName } from '../../platforms/targets.js'
import type { PreflightRequest } from '../pipeline/preflight.js'
import type { Report } from '../pipeline/report.js'

export type JobKind = 'fix' | 'audit'
export type JobState = 'queued' | 'active' | 'done' | 'failed' | 'cancelled'

/** What a running job may use: its cancel signal, a folder of its own, and a way to report progress. */
export interface JobContext {
  /** Aborted on cancel (DELETE), shutdown, or the job's time limit. */
  readonly signal: AbortSignal
  /** Belongs to this job alone; outputs are written here; removed with the job when it expires. */
  readonly workDir: string
  progress(done: number, total: number): void
}

export type FixStrategy = 'pad' | 'crop'

export interface FixJobInput {
  /** Media given as paths are inside the job's workDir (the engine copies uploads there). */
  request: PreflightRequest
  strategy: FixStrategy
  allowTrim: boolean
}

export interface FixOutput {
  /** Index of the media item this output replaces. */
  item: number
  targets: TargetName[]
  mime: string
  bytes: number
  /** The file's name inside the job's workDir; the engine turns it into `href`. */
  file: string
  /** The ffmpeg or sharp steps that were run, so that a user can repeat them. */
  commands: string[]
  /**
   * Images padded or cropped: where the output's frame lies on the source picture, in its displayed pixels
   * (outside it where padding was added), for a before/after preview.
   */
  region?: { x: number; y: number; width: number; height: number }
}

/** A target that an item still fails after fixing, and why fixing left it so. */
export interface FixRemaining {
  item: number
  target: TargetName
  /**
   * `fetch`: the URL cannot be fetched by the crawler; `trim_not_allowed`: content would have to be cut;
   * `not_cured`: the fixed copy still has a finding on the media that the fix does not cure (listed in `message`).
   */
  reason: 'fetch' | 'no_media' | 'corrupt' | 'kind' | 'trim_not_allowed' | 'not_cured'
  message: string
}

export interface FixJobResult {
  before: Report
  after: Report
  outputs: FixOutput[]
  /** What fixing could not cure, and why; the same words are in the notes of `after`'s findings. */
  remaining?: FixRemaining[]
}
