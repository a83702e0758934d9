// fetchJson: one bounded GET of a small JSON document; every failure comes back as a reason, never a throw.
import { STATUS_CODES } from 'node:http'
import { request, type Dispatcher } from 'undici'
import { errorCode, errorDetail, timeoutPhase } from './fetch-errors.js'
import { PRIVATE_ADDRESS } from './guarded-agent.js'
import { discard } from './discard.js'
import { isHttpUrl } from './http-url.js'

export interface FetchJsonOptions {
  /** Connects and carries the phase timeouts: the address guard (guarded-agent.ts) in the service. */
  dispatcher: Dispatcher
  /** The whole exchange, redirects included. */
  timeoutMs: number
  /** Bodies past this are not read. */
  maxBytes: number
  /** Redirects followed by hand, each through the same dispatcher. */
  maxRedirects: number
}

export type JsonFailure =
  'unreachable' | 'timeout' | 'status' | 'redirects' | 'too_large' | 'invalid_json' | 'private_address'

export type JsonResult =
  | { ok: true; url: string; status: number; body: unknown }
  | { ok: false; url: string; status: number | null; reason: JsonFailure; detail: string }

// undici's phase timeouts (fetch-errors.ts), in words.
const TIMEOUT_WORDS = { connect: 'connecting', headers: 'waiting for the answer', body: 'reading the body' } as const
const REDIRECTS = new Set([301, 302, 303, 307, 308])

export async function fetchJson(url: string, options: FetchJsonOptions): Promise<JsonResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs)
  let current = url
  // Every URL asked so far: a redirect back to one of them is a loop, said as such (not as its 3xx status).
  const visited = [url]
  try {
    for (;;) {
      const res = await request(current, {
        dispatcher: options.dispatcher,
        signal: deadline,
        headers: { accept: 'application/json' },
      })
      const status = res.statusCode
      if (REDIRECTS.has(status)) {
        await discard(res.body)
        const location = res.headers.location
        if (typeof location !== 'string')
          return failure(current, status, 'redirects', `HTTP ${status} redirect without a Location header`)
        const next = new URL(location, current)
        if (!isHttpUrl(next)) {
          return failure(current, status, 'redirects', `redirect to a non-http(s) URL (${next.protocol})`)
        }
        if (visited.includes(next.href))
          return failure(
            current,
            status,
            'redirects',
            `redirect loop: ${[...visited, next.href].map(shortUrl).join(' → ')}`,
          )
        if (visited.length > options.maxRedirects)
          return failure(current, status, 'redirects', `more than ${options.maxRedirects} redirects`)
        visited.push(next.href)
        current = next.href
        continue
      }
      if (status < 200 || status > 299) {
        await discard(res.body)
        return failure(
          current,
          status,
          'status',
          `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`,
        )
      }
      const text = await readCapped(res.body, options.maxBytes)
      if (text === null)
        return failure(current, status, 'too_large', `the answer is larger than ${options.maxBytes} bytes`)
      try {
        return { ok: true, url: current, status, body: JSON.parse(text) as unknown }
      } catch {
        const type = res.headers['content-type']
        return failure(
          current,
          status,
          'invalid_json',
          `the body is not JSON${typeof type === 'string' ? ` (content-type ${type.slice(0, 100)})` : ''}`,
        )
      }
    }
  } catch (error) {
    const code = errorCode(error)
    const phase = timeoutPhase(code)
    if (phase) return failure(current, null, 'timeout', `timed out ${TIMEOUT_WORDS[phase]}`)
    if (deadline.aborted) return failure(current, null, 'timeout', `no complete answer within ${options.timeoutMs} ms`)
    if (code === PRIVATE_ADDRESS) return failure(current, null, 'private_address', errorDetail(error))
    return failure(current, null, 'unreachable', `${code}: ${errorDetail(error)}`)
  }
}

/** The body as text, or null once it passes `maxBytes` (the rest is not read). */
async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) {
      body.destroy()
      return null
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

// A redirect's Location is the server's text: bounded before it reaches a message.
const shortUrl = (url: string): string => (url.length > 200 ? `${url.slice(0, 200)}…` : url)

function failure(url: string, status: number | null, reason: JsonFailure, detail: string): JsonResult {
  return { ok: false, url, status, reason, detail }
}
