// GET /healthz, /readyz, /metrics and /v1/targets: liveness, readiness (ffprobe runs, not stopping; whether fixing can run),
// Prometheus metrics, and the rules as data.
import { Hono } from 'hono'
import { ffprobeVersion } from '../../services/ffprobe.js'
import { fixingReadiness } from '../../services/ffmpeg.js'
import { targets } from '../../../platforms/targets.js'
import type { AppContext } from '../context.js'

const READY_TIMEOUT_MS = 5000

export function healthRoutes({ options, lifecycle }: AppContext) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      if (lifecycle.draining) {
        return c.json(
          { status: 'stopping', error: { code: 'unavailable', message: 'The service is shutting down.' } },
          503,
        )
      }
      try {
        const ffprobe = await ffprobeVersion({
          ...options.ffprobe,
          timeoutMs: Math.min(options.ffprobe.timeoutMs, READY_TIMEOUT_MS),
        })
        const fixing = await fixingReadiness(options.ffmpeg ?? { ffmpegPath: null }, READY_TIMEOUT_MS)
        return c.json({ status: 'ready', ffprobe, fixing })
      } catch {
        return c.json({ status: 'unavailable', error: { code: 'unavailable', message: 'ffprobe does not run.' } }, 503)
      }
    })
}

export function metricsRoute({ metrics }: AppContext) {
  return new Hono().get('/', async (c) => c.body(await metrics.text(), 200, { 'content-type': metrics.contentType }))
}

export function targetsRoute() {
  return new Hono().get('/', (c) => c.json(targets))
}
