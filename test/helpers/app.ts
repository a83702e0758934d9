// The Hono app under test, configured like the service but with test overrides.
// Logs and the rate limit are off unless a test asks: suites send many requests from one client.
import { loadConfig } from '../../src/config.js'
import { createApp, type AppDeps } from '../../src/http/app.js'
import { createLogger } from '../../src/services/logger.js'

export function testApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  return createApp(
    loadConfig({ ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true', PREFLIGHT_RATE_LIMIT: '0', ...env }),
    {
      logger: createLogger('silent'),
      ...deps,
    },
  )
}

export const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
