// GET /healthz, /readyz and /v1/targets: liveness, readiness (ffprobe runs), and the rules as data.
import { Hono } from 'hono'
import { ffprobeVersion } from '../../services/ffprobe.js'
import { targets } from '../../../platforms/targets.js'
import type { AppContext } from '../context.js'

export function healthRoutes({ options }: AppContext) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        const ffprobe = await ffprobeVersion({ ...options.ffprobe, timeoutMs: Math.min(options.ffprobe.timeoutMs, 5000) })
        return c.json({ status: 'ready', ffprobe })
      } catch {
        return c.json({ status: 'unavailable', error: { code: 'unavailable', message: 'ffprobe does not run.' } }, 503)
      }
    })
}

export function targetsRoute() {
  return new Hono().get('/', (c) => c.json(targets))
}
