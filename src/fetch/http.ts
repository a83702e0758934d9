// One crawler request and its redirects followed by hand: each hop recorded, loops and long chains stopped.
import { request, type Dispatcher } from 'undici'
import type { RawFinding } from '../rule-types.js'
import type { Redirect } from './source.js'
import { headersFor, type Agent } from './crawler.js'
import { discard } from './discard.js'
import { isHttpUrl } from './http-url.js'

export type Response = Dispatcher.ResponseData

export interface Sent {
  res: Response
  url: URL
  /** From sending the request to the response headers. */
  ttfbMs: number
}

export interface Followed {
  /** Null when the chain itself failed (`finding` says why). */
  sent: Sent | null
  redirects: Redirect[]
  /** The URLs asked or redirected to, parsed once here: the start, then each redirect's target. */
  chain: URL[]
  finding: RawFinding | null
}

const REDIRECT = new Set([301, 302, 303, 307, 308])

export interface SendOptions {
  dispatcher: Dispatcher
  signal: AbortSignal
  agent: Agent
  range: string | null
  /** Redirects allowed before the chain is an error. */
  maxRedirects: number
  warnAbove: number
}

export async function send(url: URL, o: SendOptions): Promise<Sent> {
  const started = performance.now()
  const res = await request(url, { dispatcher: o.dispatcher, signal: o.signal, headers: headersFor(o.agent, o.range) })
  return { res, url, ttfbMs: Math.round(performance.now() - started) }
}

/** GET `start`, following redirects by hand, so each hop passes the address guard and is recorded. */
export async function follow(start: URL, o: SendOptions): Promise<Followed> {
  const redirects: Redirect[] = []
  const chain = [start]
  const seen = new Set([start.href])
  const fail = (reason: 'too_many' | 'loop' | 'scheme'): Followed => ({
    sent: null,
    redirects,
    chain,
    finding: {
      rule: 'fetch.redirects',
      args: { hops: redirects.length, max: o.maxRedirects, warnAbove: o.warnAbove, reason },
    },
  })
  let url = start
  for (;;) {
    const sent = await send(url, o)
    const location = header(sent.res.headers, 'location')
    if (!REDIRECT.has(sent.res.statusCode) || location === null) return { sent, redirects, chain, finding: null }
    await discard(sent.res.body)
    let next: URL
    try {
      next = new URL(location, url)
    } catch {
      return fail('scheme')
    }
    redirects.push({ status: sent.res.statusCode, from: url.href, to: next.href })
    chain.push(next)
    if (!isHttpUrl(next)) return fail('scheme')
    if (seen.has(next.href)) return fail('loop')
    if (redirects.length > o.maxRedirects) return fail('too_many')
    seen.add(next.href)
    url = next
  }
}

export function header(headers: Response['headers'], name: string): string | null {
  const value = headers[name]
  if (value === undefined) return null
  return Array.isArray(value) ? (value[0] ?? null) : value
}

/** A Content-Length that is a plain non-negative integer, else null. */
export function lengthOf(headers: Response['headers']): number | null {
  const text = header(headers, 'content-length')
  return text !== null && /^\d+$/.test(text.trim()) ? Number(text) : null
}
