// One item of a batch or an audit job as its NDJSON line, and the summary counts over those lines.
import { reportOutcome } from '../audit/not-applicable.js'
import { ServiceError } from '../errors.js'
import type { Report } from '../pipeline/report.js'
import { fromBody, fromZod } from '../request/parse.js'
import { preflightBodySchema } from '../request/schemas.js'
import type { WorkContext } from './context.js'
import type { Tally } from '../jobs/tally.js'
import { runPreflightIn, type PreflightScope } from './run-preflight.js'

export type BatchLine = { index: number; report: Report } | { index: number; error: { code: string; message: string } }

/** How one line counts in a summary; notApplicable: some target does not take the item's kind at all. */
export type LineOutcome = 'ok' | 'failed' | 'errors'

export function lineOutcome(line: BatchLine): { outcome: LineOutcome; notApplicable: boolean } {
  if ('error' in line) return { outcome: 'errors', notApplicable: false }
  const { fails, notApplicable } = reportOutcome(line.report)
  return { outcome: fails ? 'failed' : 'ok', notApplicable: notApplicable > 0 }
}

export function count(tally: Tally, line: BatchLine): void {
  const { outcome, notApplicable } = lineOutcome(line)
  tally[outcome]++
  if (notApplicable) tally.notApplicable++
}

/** One item: a malformed one, or one stopped (deadline, shutdown, client gone), is an error line, never the end of the batch. */
export async function batchLine(
  scope: PreflightScope,
  item: unknown,
  index: number,
  context: WorkContext,
): Promise<BatchLine> {
  try {
    const parsed = preflightBodySchema.safeParse(item)
    if (!parsed.success) throw fromZod(parsed.error)
    const request = fromBody(parsed.data, context.config.PREFLIGHT_MAX_ITEMS)
    return { index, report: await runPreflightIn(scope, request, context) }
  } catch (error) {
    if (error instanceof ServiceError) return { index, error: { code: error.code, message: error.message } }
    scope.log.error({ err: error, index }, 'batch item failed') // a bug: the detail goes to the log, not the reply
    return { index, error: { code: 'internal', message: 'Internal error' } }
  }
}
