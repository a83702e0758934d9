// Preflight options for tests: the real ffprobe and temp directory, from the same config the service reads.
import { loadConfig } from '../../src/config.js'
import { preflightOptions, type PreflightOptions } from '../../src/pipeline/options.js'

export function testOptions(overrides: Partial<PreflightOptions> = {}): PreflightOptions {
  return { ...preflightOptions(loadConfig({ ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true' })), ...overrides }
}
