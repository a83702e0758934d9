// Vitest: real sharp and ffprobe on committed samples; fetch tests on 127.0.0.1 servers.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true' },
  },
})
