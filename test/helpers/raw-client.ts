// A hostile HTTP client on a raw socket: it sends a head, then feeds its body at its own pace (slow drips,
// bodies past the limit, bytes after the answer) while reading whatever the server answers.
import { connect, type Socket } from 'node:net'

export interface RawAnswer {
  /** 0 when no status line arrived. */
  status: number
  head: string
  body: string
  /** From connecting to the full answer (or the end of the connection). */
  ms: number
  /** The socket's error (a reset), if any. */
  error: string | null
  /** True when the server closed or reset the connection. */
  closed: boolean
  /** Set by `feed` when it wrote all it meant to. */
  fedAll: boolean
}

export type Feed = (
  socket: Socket,
  state: { answered: () => boolean; closed: () => boolean; done: () => void },
) => Promise<void>

/** Writes `chunk` and waits for the socket to take it (or to close). */
export function write(socket: Socket, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve()
    if (socket.write(chunk)) resolve()
    else {
      const go = () => {
        socket.off('drain', go)
        socket.off('close', go)
        resolve()
      }
      socket.once('drain', go)
      socket.once('close', go)
    }
  })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Sends `head`, runs `feed`, and resolves once a whole answer (head and Content-Length body) arrived and
 * `feed` finished, or the connection ended, or `timeoutMs` passed (then status 0).
 */
export function exchange(
  port: number,
  head: string,
  feed: Feed = async () => undefined,
  timeoutMs = 10_000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = performance.now()
    const socket = connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    const answer: RawAnswer = { status: 0, head: '', body: '', ms: 0, error: null, closed: false, fedAll: false }
    let answeredAt = 0
    let fed = false
    const parse = () => {
      const text = received.toString('latin1')
      const end = text.indexOf('\r\n\r\n')
      if (end < 0) return
      const headText = text.slice(0, end)
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headText)?.[1] ?? NaN)
      const body = received.subarray(end + 4)
      if (Number.isFinite(length) && body.length < length) return
      answer.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headText)?.[1] ?? 0)
      answer.head = headText
      answer.body = body.subarray(0, Number.isFinite(length) ? length : undefined).toString('utf8')
      answeredAt ||= performance.now()
    }
    const finish = () => {
      clearTimeout(timer)
      answer.ms = Math.round((answeredAt || performance.now()) - started)
      socket.destroy()
      resolve(answer)
    }
    const timer = setTimeout(finish, timeoutMs)
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      parse()
      if (answeredAt && fed) finish()
    })
    socket.on('error', (error: NodeJS.ErrnoException) => void (answer.error = error.code ?? error.message))
    socket.on('close', () => {
      answer.closed = true
      finish()
    })
    socket.once('connect', () => {
      void write(socket, head)
        .then(() =>
          feed(socket, {
            answered: () => answeredAt > 0,
            closed: () => socket.destroyed || answer.closed,
            done: () => void (answer.fedAll = true),
          }),
        )
        .catch(() => undefined)
        .finally(() => {
          fed = true
          if (answeredAt) finish()
        })
    })
  })
}

/** The JSON error body, or null when the body is not one. */
export function errorOf(answer: RawAnswer): { code: string; message: string } | null {
  try {
    return (JSON.parse(answer.body) as { error: { code: string; message: string } }).error
  } catch {
    return null
  }
}
