// fetchJson: one bounded GET of a small JSON document; every failure comes back as a reason, never a throw.
import { request, type Dispatcher } from 'undici'
import { errorCode } from '../pipeline/fetch-errors.js'

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

export type JsonFailure = 'unreachable' | 'timeout' | 'status' | 'too_large' | 'invalid_json' | 'private_address'

export type JsonResult =
  | { ok: true; url: string; status: number; body: unknown }
  | { ok: false; url: string; status: number | null; reason: JsonFailure; detail: string }

const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])
// What the address guard (guarded-agent.ts) gives a refused address, as a connect error.
const REFUSED = 'PREFLIGHT_PRIVATE_ADDRESS'
const REDIRECTS = new Set([301, 302, 303, 307, 308])

export async function fetchJson(url: string, options: FetchJsonOptions): Promise<JsonResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs)
  let current = url
  try {
    for (let hop = 0; ; hop++) {
      const res = await request(current, { dispatcher: options.dispatcher, signal: deadline, headers: { accept: 'application/json' } })
      const location = res.headers.location
      if (REDIRECTS.has(res.statusCode) && typeof location === 'string' && hop < options.maxRedirects) {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined)
        const next = new URL(location, current)
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return failure(current, res.statusCode, 'status', 'redirect to a non-http(s) URL')
        current = next.href
        continue
      }
      if (res.statusCode < 200 || res.statusCode > 299) {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined)
        return failure(current, res.statusCode, 'status', `HTTP ${res.statusCode}`)
      }
      const text = await readCapped(res.body, options.maxBytes)
      if (text === null) return failure(current, res.statusCode, 'too_large', `body over ${options.maxBytes} bytes`)
      try {
        return { ok: true, url: current, status: res.statusCode, body: JSON.parse(text) as unknown }
      } catch {
        return failure(current, res.statusCode, 'invalid_json', 'the body is not JSON')
      }
    }
  } catch (error) {
    const code = errorCode(error)
    if (deadline.aborted || TIMEOUTS.has(code)) return failure(current, null, 'timeout', `no answer within ${options.timeoutMs} ms`)
    if (code === REFUSED) return failure(current, null, 'private_address', 'the host resolves to a private address')
    return failure(current, null, 'unreachable', code)
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

function failure(url: string, status: number | null, reason: JsonFailure, detail: string): JsonResult {
  return { ok: false, url, status, reason, detail }
}
