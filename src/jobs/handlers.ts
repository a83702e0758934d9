// What each job kind runs, built from the service's context: an audit item is one /v1/batch line; a fix is runFixJob.
import { ServiceError } from '../errors.js'
import { FixUnavailableError, runFixJob } from '../fix/job.js'
import { batchLine, type BatchLine } from '../http/batch-line.js'
import type { WorkContext } from '../http/context.js'
import type { PreflightScope } from '../http/run-preflight.js'
import type { FixJobInput, FixJobResult, JobContext } from './types.js'

export interface JobHandlers {
  /** The item's JSON text. Never throws: a bad or failed item is an error line. */
  auditItem(text: string, index: number, scope: PreflightScope): Promise<BatchLine>
  fix(input: FixJobInput, ctx: JobContext): Promise<FixJobResult>
}

export function jobHandlers(context: WorkContext): JobHandlers {
  // Audit items wait in the limiter's batch lane, behind single preflights, as /v1/batch items do.
  const auditContext: WorkContext = { ...context, options: { ...context.options, lane: 'batch' } }
  return {
    auditItem: async (text, index, scope) => {
      let item: unknown
      try {
        item = JSON.parse(text)
      } catch {
        // The route checked the syntax; a chunk's data on Redis is not the route's.
        return { index, error: { code: 'invalid_json', message: 'The item is not valid JSON.' } }
      }
      return batchLine(scope, item, index, auditContext)
    },
    fix: async (input, ctx) => {
      try {
        return await runFixJob(input, ctx, context.options)
      } catch (error) {
        // No ffmpeg, or the disk budget spent: the job fails saying so, not as an internal error.
        if (error instanceof FixUnavailableError) throw new ServiceError('unavailable', error.message)
        throw error
      }
    },
  }
}

/** Runs one chunk of an audit: items already stored (a chunk retried after its worker died) are skipped. */
export async function runChunk(
  handlers: JobHandlers,
  chunk: { start: number; items: readonly string[] },
  scope: PreflightScope,
  stored: ReadonlySet<number>,
  store: (line: BatchLine) => Promise<void>,
): Promise<void> {
  for (const [offset, item] of chunk.items.entries()) {
    const index = chunk.start + offset
    if (scope.signal.aborted) return
    if (stored.has(index)) continue
    const line = await handlers.auditItem(item, index, scope)
    // An item stopped by cancel, shutdown or the job's deadline describes the stop, not the media: not stored.
    if (scope.signal.aborted) return
    await store(line)
  }
}
