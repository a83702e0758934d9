// GET /v1/jobs/{id} (+ /results, /events, /outputs/{n}) and DELETE /v1/jobs/{id}: a job of either engine.
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { ServiceError } from '../../errors.js'
import type { JobEngine, JobRecord } from '../../jobs/engine.js'
import { isFinal } from '../../jobs/engine.js'
import { isJobId } from '../../jobs/job-dir.js'
import { auditSummary, jobView } from '../../jobs/view.js'
import type { AppContext, AppEnv } from '../context.js'

// How often /events looks at the job: progress is read from the stored results, not pushed.
const EVENTS_POLL_MS = 250

const noSuchJob = () => new ServiceError('not_found', 'No such job (unknown, or expired).')

/** The job, or the contract's 404 for an id that is malformed, unknown or expired. */
export async function findJob(jobs: JobEngine, id: string): Promise<JobRecord> {
  const job = isJobId(id) ? await jobs.get(id) : null
  if (!job) throw noSuchJob()
  return job
}

export function jobRoutes({ jobs, lifecycle }: AppContext) {
  return new Hono<AppEnv>()
    .get('/:id', async (c) => c.json(jobView(await findJob(jobs, c.req.param('id')))))
    .delete('/:id', async (c) => {
      const id = c.req.param('id')
      const job = isJobId(id) ? await jobs.cancel(id) : null
      if (!job) throw noSuchJob()
      return c.json(jobView(job))
    })
    .get('/:id/results', async (c) => {
      const id = c.req.param('id')
      const job = await findJob(jobs, id)
      // Whether the summary ends the stream is decided now: a job done now has every line stored.
      const summary =
        job.kind === 'audit' && job.state === 'done' ? JSON.stringify({ summary: auditSummary(job) }) : null
      const lines = await jobs.results(id)
      if (!lines) throw noSuchJob()
      const body = Readable.from(ndjson(lines, summary))
      return c.body(Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>, 200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'cache-control': 'no-store',
      })
    })
    .get('/:id/outputs/:n', async (c) => {
      const id = c.req.param('id')
      const n = Number(c.req.param('n'))
      await findJob(jobs, id)
      const file = Number.isSafeInteger(n) && n >= 0 ? await jobs.output(id, n) : null
      if (!file) throw new ServiceError('not_found', 'No such output.')
      const body = Readable.toWeb(createReadStream(file.path)) as WebReadableStream<Uint8Array>
      return c.body(body as unknown as ReadableStream<Uint8Array>, 200, {
        'content-type': file.mime,
        'content-length': String(file.bytes),
        'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      })
    })
    .get('/:id/events', async (c) => {
      const id = c.req.param('id')
      await findJob(jobs, id)
      const client = c.req.raw.signal
      return streamSSE(c, async (stream) => {
        let last = ''
        // Ends when the job does (its time limit bounds it), when it expires, or when the client or the service goes.
        while (!client.aborted && !lifecycle.draining) {
          const job = await jobs.get(id)
          if (!job) break
          const progress = JSON.stringify({ state: job.state, done: job.done, total: job.total })
          if (isFinal(job.state)) {
            await stream.writeSSE({ event: job.state, data: JSON.stringify(jobView(job)) })
            break
          }
          if (progress !== last) await stream.writeSSE({ event: 'progress', data: progress })
          last = progress
          await stream.sleep(EVENTS_POLL_MS)
        }
      })
    })
}

async function* ndjson(lines: AsyncIterable<string>, summary: string | null): AsyncIterable<Buffer> {
  for await (const line of lines) yield Buffer.from(`${line}\n`)
  if (summary) yield Buffer.from(`${summary}\n`)
}
