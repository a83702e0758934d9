// What the pipeline tells whoever watches it (the metrics): hooks at the I/O edges, never in checks.
import type { ProbeError } from './ffprobe.js'

/** How one ffprobe run ended. */
export type ProbeOutcome = 'ok' | ProbeError['reason']

export interface PipelineObserver {
  /** One ffprobe run finished, after `seconds`. */
  ffprobeRun(seconds: number, outcome: ProbeOutcome): void
  /** A probe-cache lookup: the cache calls this on every lookup. */
  cacheLookup(result: 'hit' | 'miss'): void
}
