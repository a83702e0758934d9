// The real service on an ephemeral 127.0.0.1 port: the app on the server `npm start` runs it on, with its bounds.
import type { AddressInfo } from 'node:net'
import type { Hono } from 'hono'
import { loadConfig, type Config } from '../../src/config.js'
import { serveApp } from '../../src/http/serve.js'

export interface Listening {
  base: string
  port: number
  close: () => Promise<void>
}

/** `env` sets the server's bounds (timeouts, connection caps); the app keeps its own configuration. */
export async function listen(app: { fetch: Hono['fetch'] }, env: Record<string, string> = {}): Promise<Listening> {
  const config: Config = loadConfig({ ...process.env, ...env })
  return new Promise((resolve) => {
    const server = serveApp(
      app,
      config,
      (info: AddressInfo) => {
        resolve({
          base: `http://127.0.0.1:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.closeAllConnections()
              server.close(() => done())
            }),
        })
      },
      { port: 0, hostname: '127.0.0.1' },
    )
  })
}
