// A real HTTP server on 127.0.0.1 for fetch tests: routes are plain node:http handlers, closed after each suite.
import { createReadStream } from 'node:fs'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { samplePath } from './samples.js'

export interface TestServer {
  url: (path: string) => string
  close: () => Promise<void>
}

export async function startServer(handler: RequestListener): Promise<TestServer> {
  const server: Server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** An origin with one photo at /exif6.jpg (phone-portrait-exif6.jpg); every other path is an HTML 404. */
export function startPhotoServer(): Promise<TestServer> {
  return startServer((req, res) => {
    if (req.url === '/exif6.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      createReadStream(samplePath('phone-portrait-exif6.jpg')).pipe(res)
    } else {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>')
    }
  })
}
