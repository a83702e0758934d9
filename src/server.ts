// Starts the HTTP service: validated configuration, then the API on HOST:PORT.
import { serve } from '@hono/node-server'
import { loadConfig, type Config } from './config.js'
import { createApp } from './http/app.js'

let config: Config
try {
  config = loadConfig()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

const server = serve({ fetch: createApp(config).fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  console.warn(`preflight listening on http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`)
})

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    setTimeout(() => process.exit(0), 10_000).unref()
  })
}
