// robots.txt of each host on the chain (PLATFORM-RULES.md §7.2 step 2): fetched as the crawler, 5 s, first 512 KiB, cached per origin.
import type { Dispatcher } from 'undici'
import type { RawFinding } from '../../rule-types.js'
import type { RobotsAnswer, RobotsCache } from '../../services/robots-cache.js'
import { follow } from './http.js'
import { isAllowed, rulesFor } from './robots-rules.js'

const MAX_ROBOTS_BYTES = 512 * 1024
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
    return { rule: 'fetch.crawler_blocked', args: { reason: 'robots_unavailable', status: null, detail: answer.unavailable }, tier: 'robots_unavailable' }
  }
  const { allowed, rule } = isAllowed(answer.rules, url.pathname + url.search)
  return allowed ? null : { rule: 'fetch.crawler_blocked', args: { reason: 'robots', status: null, detail: `${robotsUrl.href}: ${rule}` } }
}

async function fetchRobots(robotsUrl: URL, o: RobotsOptions): Promise<RobotsAnswer> {
  const signal = AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)])
  try {
    const { sent } = await follow(robotsUrl, { dispatcher: o.dispatcher, signal, agent: 'crawler', range: null, maxRedirects: 5, warnAbove: 5 })
    if (!sent) return ALLOW_ALL // a redirect loop at robots.txt: RFC 9309 treats it as unavailable, 4xx-like (allow)
    const status = sent.res.statusCode
    if (status >= 400) {
      await sent.res.body.dump({ limit: 64 * 1024 }).catch(() => undefined)
      return status < 500 ? ALLOW_ALL : { unavailable: `${robotsUrl.href} answered ${status}` }
    }
    return { rules: rulesFor(await readText(sent.res.body, MAX_ROBOTS_BYTES)) }
  } catch {
    return { unavailable: `${robotsUrl.href} did not answer within ${o.timeoutMs} ms` }
  }
}

async function readText(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    chunks.push(chunk)
    size += chunk.length
    if (size >= limit) {
      body.destroy()
      break
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8')
}
