// A request body as a Node stream with a pace: a client that stops sending, or sends slower than the
// minimum rate, is answered 408 `body_timeout` instead of holding the connection until Node's own timeout.
import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'
import { PassThrough, Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { Config } from '../config.js'
import { ServiceError } from '../errors.js'

export interface BodyPace {
  /** Longest gap between body bytes. */
  idleMs: number
  /** Slowest average rate (bytes/s), judged once the body has run `idleMs`; 0: none. */
  minBytesPerSecond: number
}

export const bodyPace = (config: Config): BodyPace => ({
  idleMs: config.PREFLIGHT_CLIENT_BODY_IDLE_MS,
  minBytesPerSecond: config.PREFLIGHT_CLIENT_MIN_BODY_BPS,
})

/**
 * Under the Node server, the request's own stream: the Web stream Hono builds from it copies every
 * chunk, twice the garbage per uploaded byte. Absent (app.request in tests), the Web body is read.
 */
function sourceOf(c: Context): Readable {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming
  if (incoming) return incoming
  const web = c.req.raw.body
  return web ? Readable.fromWeb(web as NodeReadableStream) : Readable.from([])
}

/**
 * The body, paced. A stop (the pace broken, or the reader giving up) never destroys the request: that
 * would reset the connection before the answer is written. The source is paused and let go; the server
 * reads and drops what is left, bounded, once the answer is out (see server-bounds.ts).
 */
export function pacedBody(c: Context, pace: BodyPace): Readable {
  const source = sourceOf(c)
  const out = new PassThrough({ highWaterMark: 64 * 1024 })
  const started = performance.now()
  let bytes = 0
  let lastAt = started
  // A full buffer is the reader's delay (a slow disk), not the client's: that time counts against neither bound.
  let waitingSince: number | null = null
  let waitedMs = 0
  const onData = (chunk: Buffer) => {
    bytes += chunk.length
    lastAt = performance.now()
    if (!out.write(chunk)) {
      waitingSince = lastAt
      source.pause()
    }
  }
  const onDrain = () => {
    lastAt = performance.now()
    if (waitingSince !== null) waitedMs += lastAt - waitingSince
    waitingSince = null
    source.resume()
  }
  const onEnd = () => {
    letGo()
    out.end()
  }
  const onError = (error: Error) => {
    letGo()
    out.destroy(error)
  }
  const onSourceClose = () => {
    if (!source.readableEnded) onError(new Error('The client closed the request before its body ended.'))
  }
  const check = () => {
    if (waitingSince !== null) return
    const now = performance.now()
    if (now - lastAt > pace.idleMs) return stop(`No body bytes arrived for ${pace.idleMs} ms.`)
    const elapsed = now - started - waitedMs
    if (pace.minBytesPerSecond > 0 && elapsed > pace.idleMs && bytes < (pace.minBytesPerSecond * elapsed) / 1000) {
      stop(`The body arrived slower than ${pace.minBytesPerSecond} bytes/s.`)
    }
  }
  const stop = (message: string) => {
    letGo()
    out.destroy(new ServiceError('body_timeout', message))
  }
  // Checked a few times per idle window: a late answer by a quarter of it at most.
  const timer = setInterval(check, Math.max(25, Math.min(1000, pace.idleMs / 4)))
  timer.unref()
  function letGo() {
    clearInterval(timer)
    source.off('data', onData)
    source.off('end', onEnd)
    source.off('error', onError)
    source.off('close', onSourceClose)
    out.off('drain', onDrain)
    out.off('close', onClose)
    if (!source.readableEnded) source.pause()
  }
  const onClose = () => letGo() // the reader stopped early (a size limit, a parse error)
  source.on('data', onData)
  source.once('end', onEnd)
  source.once('error', onError)
  source.once('close', onSourceClose)
  out.on('drain', onDrain)
  out.once('close', onClose)
  if (source.readableEnded) onEnd()
  return out
}
