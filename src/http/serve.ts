// The app on a Node HTTP server with every client-side bound: header timeout, keep-alive timeout,
// connection caps (server-wide and per address), JSON answers to unparsable or too-slow request heads,
// and a bounded lingering close after an answer given before the body was read.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import type { Config } from '../config.js'
import { ServiceError } from '../errors.js'

type Fetch = Parameters<typeof createAdaptorServer>[0]['fetch']

/** Listens on HOST:PORT of `config` unless `at` says otherwise (tests: port 0). */
export function serveApp(
  app: { fetch: Fetch },
  config: Config,
  listening: (info: AddressInfo) => void,
  at: { port: number; hostname: string } = { port: config.PORT, hostname: config.HOST },
): Server {
  const headersTimeout = config.PREFLIGHT_CLIENT_HEADERS_TIMEOUT_MS
  const server = createAdaptorServer({
    fetch: app.fetch,
    // The lingering close below replaces the adapter's own (500 ms, then a close that can reset the answer).
    autoCleanupIncoming: false,
    serverOptions: {
      headersTimeout,
      // Node's whole-request timeout (300 s) answers a bare 408 and cuts slow but steady large uploads:
      // the body's pace is judged by the routes instead (PREFLIGHT_CLIENT_BODY_IDLE_MS, _MIN_BODY_BPS).
      requestTimeout: 0,
      keepAliveTimeout: config.PREFLIGHT_KEEP_ALIVE_TIMEOUT_MS,
      // Node checks the header timeout this often (default 30 s): a late answer by at most this much.
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(headersTimeout / 4))),
    },
  }) as Server
  server.maxConnections = config.PREFLIGHT_MAX_CONNECTIONS
  const perAddress = config.PREFLIGHT_TRUST_PROXY ? 0 : config.PREFLIGHT_MAX_CONNECTIONS_PER_IP
  if (perAddress > 0) capPerAddress(server, perAddress)
  server.on('clientError', answerClientError)
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (!req.complete) linger(req, config.PREFLIGHT_LINGER_MS, config.PREFLIGHT_LINGER_BYTES)
    })
  })
  server.listen(at.port, at.hostname, () => listening(server.address() as AddressInfo))
  return server
}

/** Past `cap` open connections from one address, a new one is closed at once (as server.maxConnections does). */
function capPerAddress(server: Server, cap: number): void {
  const open = new Map<string, number>()
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? ''
    const count = (open.get(address) ?? 0) + 1
    if (count > cap) return void socket.destroy()
    open.set(address, count)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left > 0) open.set(address, left)
      else open.delete(address)
    })
  })
}

// How long a refused request head's connection may stay half-open for the answer to be read.
const HEAD_ERROR_LINGER_MS = 1000

/** Node's default answers a bare 400 or 408; this one answers the contract's JSON error, then closes. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
  if (socket.writable && !pending?.headersSent && error.code !== 'ECONNRESET') {
    const answer =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ServiceError('header_timeout', 'The request head did not arrive in time.')
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? new ServiceError('bad_request', 'The request headers are too large.')
          : new ServiceError('bad_request', 'The request could not be parsed.')
    const body = JSON.stringify({ error: { code: answer.code, message: answer.message } })
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
    setTimeout(() => socket.destroy(), HEAD_ERROR_LINGER_MS).unref()
    return
  }
  socket.destroy()
}

/**
 * nginx's lingering close: an answer given before the body was read (413, 408, 401...) is followed by
 * reading and dropping the rest, for up to `ms` and `maxBytes`. Closing at once would make the kernel
 * reset the connection on the next byte received, and a reset can wipe the answer from the client's buffer
 * before it reads it. A body that ends in time leaves the connection usable; one that does not is cut.
 */
function linger(req: IncomingMessage, ms: number, maxBytes: number): void {
  const socket = req.socket
  // An answer with `Connection: close` has Node end the socket and destroy it once the answer is flushed:
  // the end (a FIN) stays, the destroy waits for the rest of the body.
  const closing = socket.writableEnded
  if (closing) socket.removeListener('finish', socket.destroy)
  let bytes = 0
  const done = () => {
    clearTimeout(timer)
    req.off('data', onData)
    req.off('end', done)
    socket.off('close', done)
    if (closing) socket.destroy()
  }
  const cut = () => {
    done()
    socket.destroy()
  }
  const onData = (chunk: Buffer) => {
    bytes += chunk.length
    if (bytes > maxBytes) cut()
  }
  const timer = setTimeout(cut, ms)
  timer.unref()
  req.on('data', onData)
  req.once('end', done)
  socket.once('close', done)
  req.resume()
}
