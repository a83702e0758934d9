// Configuration: defaults for every variable, and a bad value refused with a message naming its variable.
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.js'

describe('loadConfig', () => {
  it('gives the production variables their defaults', () => {
    expect(loadConfig({})).toMatchObject({
      PREFLIGHT_REQUEST_TIMEOUT_MS: 600_000,
      PREFLIGHT_RATE_LIMIT: 120,
      PREFLIGHT_RATE_WINDOW_MS: 60_000,
      PREFLIGHT_TRUST_PROXY: false,
      PREFLIGHT_LOG_LEVEL: 'info',
      PREFLIGHT_SHUTDOWN_TIMEOUT_MS: 25_000,
      PREFLIGHT_API_KEYS: [],
      PREFLIGHT_ROBOTS_CACHE_TTL_MS: 3_600_000,
      PREFLIGHT_ROBOTS_CACHE_BYTES: 16 * 1024 * 1024,
      PREFLIGHT_TEMP_BUDGET_BYTES: 4 * 1024 ** 3,
      PREFLIGHT_DECODED_RATIO_MAX: 100,
      PREFLIGHT_DECODED_FLOOR_BYTES: 16 * 1024 ** 2,
      PREFLIGHT_CLIENT_HEADERS_TIMEOUT_MS: 20_000,
      PREFLIGHT_CLIENT_BODY_IDLE_MS: 20_000,
      PREFLIGHT_CLIENT_MIN_BODY_BPS: 1024,
      PREFLIGHT_KEEP_ALIVE_TIMEOUT_MS: 5_000,
      PREFLIGHT_MAX_CONNECTIONS: 1024,
      PREFLIGHT_MAX_CONNECTIONS_PER_IP: 64,
      PREFLIGHT_LINGER_MS: 5_000,
      PREFLIGHT_LINGER_BYTES: 32 * 1024 * 1024,
    })
  })

  it('lets more items wait on the network than ffprobe runs at once', () => {
    const config = loadConfig({})
    expect(config.PREFLIGHT_CONCURRENCY).toBe(4 * config.PREFLIGHT_FFPROBE_CONCURRENCY)
  })

  it('reads them, and treats an empty value as unset', () => {
    const config = loadConfig({
      PREFLIGHT_RATE_LIMIT: '0',
      PREFLIGHT_TRUST_PROXY: 'yes',
      PREFLIGHT_LOG_LEVEL: 'debug',
      PREFLIGHT_API_KEYS: ' a, b ,',
      PORT: '',
    })
    expect(config).toMatchObject({
      PREFLIGHT_RATE_LIMIT: 0,
      PREFLIGHT_TRUST_PROXY: true,
      PREFLIGHT_LOG_LEVEL: 'debug',
      PREFLIGHT_API_KEYS: ['a', 'b'],
      PORT: 3000,
    })
  })

  it.each([
    ['PREFLIGHT_REQUEST_TIMEOUT_MS', '10'],
    ['PREFLIGHT_RATE_LIMIT', '-5'],
    ['PREFLIGHT_RATE_WINDOW_MS', '1.5'],
    ['PREFLIGHT_TRUST_PROXY', 'maybe'],
    ['PREFLIGHT_LOG_LEVEL', 'verbose'],
    ['PREFLIGHT_SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['PORT', '70000'],
    ['PREFLIGHT_ROBOTS_CACHE_TTL_MS', '86400001'],
    ['PREFLIGHT_ROBOTS_CACHE_BYTES', '-1'],
    ['PREFLIGHT_TEMP_BUDGET_BYTES', '0'],
    ['PREFLIGHT_DECODED_RATIO_MAX', '1.5'],
    ['PREFLIGHT_CLIENT_BODY_IDLE_MS', '50'],
    ['PREFLIGHT_CLIENT_MIN_BODY_BPS', '-1'],
    ['PREFLIGHT_MAX_CONNECTIONS', '0'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `))
  })
})
