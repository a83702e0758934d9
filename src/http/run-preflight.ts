// One request's preflight, for both routes: its deadline, the client's and the shutdown's signals, its metrics
// and one log line (media URLs without their query strings, which may carry signatures).
import type { Context } from 'hono'
import { ServiceError } from '../errors.js'
import { preflight, type PreflightRequest } from '../pipeline/preflight.js'
import type { Report } from '../pipeline/report.js'
import { redactUrl } from '../services/logger.js'
import type { AppContext, AppEnv } from './context.js'

export async function runPreflight(c: Context<AppEnv>, request: PreflightRequest, app: AppContext): Promise<Report> {
  const { config, options, metrics, lifecycle } = app
  const started = performance.now()
  const deadline = AbortSignal.timeout(config.PREFLIGHT_REQUEST_TIMEOUT_MS)
  const client = c.req.raw.signal
  const signal = AbortSignal.any([client, deadline, lifecycle.signal])
  let report: Report
  try {
    report = await preflight(request, { ...options, signal })
  } catch (error) {
    throw whyStopped() ?? error
  }
  // An aborted download or probe ends in findings: they describe the stop, not the media.
  const stopped = whyStopped()
  if (stopped) throw stopped
  metrics.preflightDone(report)
  c.var.log.info(
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

  function whyStopped(): ServiceError | null {
    if (deadline.aborted) {
      return new ServiceError('deadline_exceeded', `The preflight did not finish within ${config.PREFLIGHT_REQUEST_TIMEOUT_MS} ms.`)
    }
    if (lifecycle.signal.aborted) return new ServiceError('unavailable', 'The service is shutting down; retry shortly.')
    if (client.aborted) return new ServiceError('client_closed', 'The client closed the request.')
    return null
  }
}
