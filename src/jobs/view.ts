// A job as the API shows it (CONTRACT.md "Jobs"): state, progress, times, result with links, error.
import type { JobRecord } from './engine.js'

export const jobPath = (id: string) => `/v1/jobs/${id}`

export function jobView(job: JobRecord) {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    progress: { done: job.done, total: job.total },
    createdAt: new Date(job.createdAt).toISOString(),
    startedAt: job.startedAt === null ? null : new Date(job.startedAt).toISOString(),
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
    result: resultOf(job),
    error: job.error,
    links: { self: jobPath(job.id), results: `${jobPath(job.id)}/results`, events: `${jobPath(job.id)}/events` },
  }
}

export type JobView = ReturnType<typeof jobView>

/** The summary line that ends a finished audit's results, as /v1/batch ends its stream. */
export function auditSummary(job: JobRecord) {
  const ms = job.finishedAt !== null && job.startedAt !== null ? job.finishedAt - job.startedAt : 0
  return { items: job.total, ...job.tally, ms }
}

function resultOf(job: JobRecord) {
  if (job.kind === 'audit') return job.state === 'done' ? { summary: auditSummary(job) } : null
  if (!job.fix) return null
  const { outputs, ...rest } = job.fix
  return {
    ...rest,
    outputs: outputs.map(({ file: _file, ...output }, n) => ({ ...output, href: `${jobPath(job.id)}/outputs/${n}` })),
    remaining: rest.remaining ?? [],
  }
}
