// One request's preflight, for both routes: its deadline, the client's and the shutdown's signals, its metrics
// and one log line (media URLs without their query strings, which may carry signatures).
import type { Context } from 'hono'
import { ServiceError } from '../errors.js'
import { preflight, type PreflightRequest } from '../pipeline/preflight.js'
import type { Report } from '../pipeline/report.js'
import { redactUrl, type Logger } from '../services/logger.js'
import type { AppEnv, WorkContext } from './context.js'

/** Who a preflight runs for: a request, or a job (its signal is the job's cancel; its log carries the job id). */
export interface PreflightScope {
  signal: AbortSignal
  log: Logger
}

export function runPreflight(c: Context<AppEnv>, request: PreflightRequest, app: WorkContext): Promise<Report> {
  return runPreflightIn({ signal: c.req.raw.signal, log: c.var.log }, request, app)
}

export async function runPreflightIn(
  scope: PreflightScope,
  request: PreflightRequest,
  app: WorkContext,
): Promise<Report> {
  const { config, options, metrics, lifecycle } = app
  const started = performance.now()
  // One controller per request, aborted with the answer to give: the deadline's, the shutdown's or the client's.
  // Those signals are listened to and let go, never combined: the shutdown's lives as long as the process
  // (AbortSignal.any leaks), and a combined signal per request costs weak references for the GC to clear.
  const stop = new AbortController()
  const ms = config.PREFLIGHT_REQUEST_TIMEOUT_MS
  const timer = setTimeout(
    () => stop.abort(new ServiceError('deadline_exceeded', `The preflight did not finish within ${ms} ms.`)),
    ms,
  )
  const onShutdown = () => stop.abort(new ServiceError('unavailable', 'The service is shutting down; retry shortly.'))
  const onClientGone = () => stop.abort(new ServiceError('client_closed', 'The client closed the request.'))
  const client = scope.signal
  lifecycle.signal.addEventListener('abort', onShutdown, { once: true })
  client.addEventListener('abort', onClientGone, { once: true })
  if (lifecycle.signal.aborted) onShutdown()
  if (client.aborted) onClientGone()
  const whyStopped = (): ServiceError | null => (stop.signal.aborted ? (stop.signal.reason as ServiceError) : null)
  let report: Report
  try {
    report = await preflight(request, { ...options, signal: stop.signal })
  } catch (error) {
    const stopped = whyStopped()
    // Whatever ended the request early, its items still in flight stop with it: no work for an answer no one gets.
    if (!stopped) stop.abort(error)
    throw stopped ?? error
  } finally {
    clearTimeout(timer)
    lifecycle.signal.removeEventListener('abort', onShutdown)
    client.removeEventListener('abort', onClientGone)
  }
  // An aborted download or probe ends in findings: they describe the stop, not the media.
  const stopped = whyStopped()
  if (stopped) throw stopped
  metrics.preflightDone(report)
  scope.log.info(
    {
      items: report.items.map(({ source, media }) => ({
        url: source ? redactUrl(source.url) : null,
        status: source?.status ?? null,
        bytes: source?.bytes ?? media?.sizeBytes ?? null,
        kind: media?.kind ?? null,
      })),
      verdicts: Object.fromEntries(report.results.map((r) => [r.target, r.verdict])),
      ms: Math.round(performance.now() - started),
    },
    'preflight',
  )
  return report
}
