// What the pipeline tells whoever watches it (the metrics): hooks at the I/O edges, never in checks.

/** Why an ffprobe run failed (ProbeError's reason). */
export type ProbeFailure = 'timeout' | 'failed' | 'output' | 'unclean' | 'aborted'

/** How one ffprobe run ended. */
export type ProbeOutcome = 'ok' | ProbeFailure

export interface PipelineObserver {
  /** One ffprobe run finished, after `seconds`. */
  ffprobeRun(seconds: number, outcome: ProbeOutcome): void
  /** A probe-cache lookup: the cache calls this on every lookup. */
  cacheLookup(result: 'hit' | 'miss'): void
}
