// The real service on an ephemeral 127.0.0.1 port: the app under @hono/node-server, as `npm start` runs it.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Hono } from 'hono'

export interface Listening {
  base: string
  close: () => Promise<void>
}

export async function listen(app: { fetch: Hono['fetch'] }): Promise<Listening> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        base: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            ;(server as Server).closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
