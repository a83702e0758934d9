// robots.txt of each host on the chain (PLATFORM-RULES.md §7.2 step 2): fetched as the crawler, bounded, cached per origin.
import { pipeline, type Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import type { RawFinding } from '../rule-types.js'
import { PrivateAddressError } from './guarded-agent.js'
import type { RobotsAnswer, RobotsCache } from '../services/robots-cache.js'
import { errorCode, findCause } from './fetch-errors.js'
import { decoderFor } from './body.js'
import { follow, header } from './http.js'
import { PUBLISHING_TOKEN } from './meta-crawlers.js'
import { isAllowed, RobotsParser, ROBOTS_LIMITS, type RobotsRules } from './robots-rules.js'
import { discard } from './discard.js'

const ALLOW_ALL: RobotsAnswer = { rules: [] }

export interface RobotsOptions {
  dispatcher: Dispatcher
  timeoutMs: number
  signal: AbortSignal
  /** Answers kept across requests; absent, every call fetches robots.txt. */
  cache?: RobotsCache
}

/** A crawler_blocked finding when robots.txt of any URL's host disallows it or cannot be read. */
export async function robotsFindings(urls: readonly URL[], o: RobotsOptions): Promise<RawFinding[]> {
  const byOrigin = new Map<string, URL>()
  for (const url of urls) byOrigin.set(url.origin, url) // the last URL per host: the path actually fetched there
  const found: RawFinding[] = []
  for (const url of byOrigin.values()) {
    const finding = verdict(url, await answerFor(url.origin, o))
    if (finding) found.push(finding)
  }
  return found
}

async function answerFor(origin: string, o: RobotsOptions): Promise<RobotsAnswer> {
  const cached = o.cache?.get(origin)
  if (cached) return cached
  const answer = await fetchRobots(new URL('/robots.txt', origin), o)
  // A request cancelled by its caller learnt nothing about the host: not kept.
  if (!o.signal.aborted) o.cache?.set(origin, answer)
  return answer
}

function verdict(url: URL, answer: RobotsAnswer): RawFinding | null {
  const robotsUrl = new URL('/robots.txt', url.origin)
  if ('unavailable' in answer) {
    return {
      rule: 'fetch.crawler_blocked',
      args: { reason: 'robots_unavailable', status: null, detail: answer.unavailable },
      tier: 'robots_unavailable',
    }
  }
  const { allowed, rule } = isAllowed(answer.rules, url.pathname + url.search)
  if (answer.truncated) {
    // A dropped rule may be the longer match that overturns this verdict: only a warning either way.
    const judged = allowed ? 'the kept ones allow it' : `the kept ones say ${rule}`
    const detail = `${robotsUrl.href}: ${ROBOTS_LIMITS.keptRules} rules or ${ROBOTS_LIMITS.keptPatternBytes / 1024} KiB kept; ${judged}`
    return {
      rule: 'fetch.crawler_blocked',
      args: { reason: 'robots_too_large', status: null, detail },
      tier: 'robots_unavailable',
    }
  }
  return allowed
    ? null
    : { rule: 'fetch.crawler_blocked', args: { reason: 'robots', status: null, detail: `${robotsUrl.href}: ${rule}` } }
}

async function fetchRobots(robotsUrl: URL, o: RobotsOptions): Promise<RobotsAnswer> {
  const deadline = AbortSignal.timeout(o.timeoutMs)
  const signal = AbortSignal.any([o.signal, deadline])
  try {
    const { sent } = await follow(robotsUrl, {
      dispatcher: o.dispatcher,
      signal,
      agent: 'crawler',
      range: null,
      maxRedirects: 5,
      warnAbove: 5,
    })
    if (!sent) return ALLOW_ALL // a redirect loop or over 5 redirects at robots.txt: RFC 9309 §2.3.1.2 treats it as unavailable, 4xx-like (allow)
    const status = sent.res.statusCode
    if (status >= 400) {
      await discard(sent.res.body)
      return status < 500 ? ALLOW_ALL : { unavailable: `${robotsUrl.href} answered ${status}` }
    }
    // The crawler asks for gzip and deflate (Meta's simulation does), so a server may well compress robots.txt.
    const decoder = decoderFor(header(sent.res.headers, 'content-encoding'))
    return await parseBody(decoder ? (pipeline(sent.res.body, decoder, () => undefined) as Readable) : sent.res.body)
  } catch (error) {
    return { unavailable: unreadable(robotsUrl, error, deadline.aborted ? o.timeoutMs : null) }
  }
}

/** The (decoded) body parsed as it arrives, up to ROBOTS_LIMITS.readBytes; the rest is not read (RFC 9309 §2.5). */
async function parseBody(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<RobotsAnswer> {
  const parser = new RobotsParser(PUBLISHING_TOKEN)
  let size = 0
  for await (const chunk of body) {
    const room = ROBOTS_LIMITS.readBytes - size
    parser.push(chunk.length > room ? chunk.subarray(0, room) : chunk)
    size += chunk.length
    if (size >= ROBOTS_LIMITS.readBytes) {
      body.destroy()
      return answer(parser.end({ cut: true }))
    }
  }
  return answer(parser.end())
}

const answer = ({ rules, truncated }: RobotsRules): RobotsAnswer => (truncated ? { rules, truncated } : { rules })

/** Why robots.txt could not be read, in the words of what happened: a timeout, a refused address, a network error. */
function unreadable(robotsUrl: URL, error: unknown, timedOutAfterMs: number | null): string {
  if (timedOutAfterMs !== null) return `${robotsUrl.href} did not answer within ${timedOutAfterMs} ms`
  const refused = findCause(error, PrivateAddressError)
  if (refused) {
    const how = refused.host === robotsUrl.hostname ? 'is at' : 'redirects to'
    const target = refused.host === refused.address ? refused.address : `${refused.host} (${refused.address})`
    return `${robotsUrl.href} ${how} ${target}, a ${refused.addressClass} address preflight does not connect to`
  }
  return `${robotsUrl.href} could not be fetched (${errorCode(error)})`
}
