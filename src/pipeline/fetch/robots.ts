// robots.txt of each host on the chain (PLATFORM-RULES.md §7.2 step 2): fetched as the crawler, 5 s, first 512 KiB.
import type { Dispatcher } from 'undici'
import type { RawFinding } from '../../rule-types.js'
import { follow } from './http.js'
import { isAllowed, rulesFor } from './robots-rules.js'

const MAX_ROBOTS_BYTES = 512 * 1024

export interface RobotsOptions {
  dispatcher: Dispatcher
  timeoutMs: number
  signal: AbortSignal
}

/** A crawler_blocked finding when robots.txt of any URL's host disallows it or cannot be read. */
export async function robotsFindings(urls: readonly URL[], o: RobotsOptions): Promise<RawFinding[]> {
  const byOrigin = new Map<string, URL>()
  for (const url of urls) byOrigin.set(url.origin, url) // the last URL per host: the path actually fetched there
  const found: RawFinding[] = []
  for (const url of byOrigin.values()) {
    const finding = await robotsFinding(url, o)
    if (finding) found.push(finding)
  }
  return found
}

async function robotsFinding(url: URL, o: RobotsOptions): Promise<RawFinding | null> {
  const robotsUrl = new URL('/robots.txt', url.origin)
  const signal = AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)])
  const unavailable = (detail: string): RawFinding => ({
    rule: 'fetch.crawler_blocked',
    args: { reason: 'robots_unavailable', status: null, detail },
    tier: 'robots_unavailable',
  })
  let text: string
  try {
    const { sent } = await follow(robotsUrl, { dispatcher: o.dispatcher, signal, agent: 'crawler', range: null, maxRedirects: 5, warnAbove: 5 })
    if (!sent) return null // a redirect loop at robots.txt: RFC 9309 treats it as unavailable, 4xx-like (allow)
    const status = sent.res.statusCode
    if (status >= 400 && status < 500) {
      await sent.res.body.dump({ limit: 64 * 1024 }).catch(() => undefined)
      return null
    }
    if (status >= 500) {
      await sent.res.body.dump({ limit: 64 * 1024 }).catch(() => undefined)
      return unavailable(`${robotsUrl.href} answered ${status}`)
    }
    text = await readText(sent.res.body, MAX_ROBOTS_BYTES)
  } catch {
    return unavailable(`${robotsUrl.href} did not answer within ${o.timeoutMs} ms`)
  }
  const verdict = isAllowed(rulesFor(text), url.pathname + url.search)
  return verdict.allowed
    ? null
    : { rule: 'fetch.crawler_blocked', args: { reason: 'robots', status: null, detail: `${robotsUrl.href}: ${verdict.rule}` } }
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
