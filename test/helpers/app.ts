// The Hono app under test, configured like the service but with test overrides.
import { loadConfig } from '../../src/config.js'
import { createApp } from '../../src/http/app.js'

export function testApp(env: Record<string, string> = {}) {
  return createApp(loadConfig({ ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true', ...env }))
}

export const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
