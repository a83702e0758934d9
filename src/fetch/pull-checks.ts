// Findings of a platform that pulls the URL itself under its own rules (TikTok PULL_FROM_URL): read from the URL,
// the fetch's source facts and the target's limits. Pure; only targets whose rules ask for them get them.
import { isIP } from 'node:net'
import type { PostFacts } from '../facts.js'
import type { RawFinding, TargetRules } from '../rule-types.js'
import type { MediaUrl } from './http-url.js'
import type { SourceFacts } from './source.js'

/** Whether `url` is under a verified domain (the host or a subdomain of it) or starts with a verified URL prefix. */
export function underVerifiedPrefix(url: URL, prefixes: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  return prefixes.some((entry) => {
    const prefix = entry.trim()
    if (prefix.includes('://')) return url.href.startsWith(prefix)
    const domain = prefix.toLowerCase().replace(/\.$/, '')
    return domain !== '' && (host === domain || host.endsWith(`.${domain}`))
  })
}

/** The URL's host as an IP literal (IPv6 without its brackets), or null for a name. */
export function ipHost(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return isIP(host) ? host : null
}

export function pullFindings(
  rules: TargetRules,
  url: MediaUrl,
  source: SourceFacts | null,
  post: Pick<PostFacts, 'tiktokVerifiedPrefixes'>,
): RawFinding[] {
  const { parsed } = url
  if (!parsed) return [] // fetch.unreachable already says the URL is not one
  const found: RawFinding[] = []
  if (rules['fetch.url_prefix']) {
    const prefixes = post.tiktokVerifiedPrefixes
    if (prefixes === undefined)
      found.push({ rule: 'fetch.url_prefix', args: { url: parsed.href, prefixes: [] }, tier: 'unchecked' })
    else if (!underVerifiedPrefix(parsed, prefixes))
      found.push({ rule: 'fetch.url_prefix', args: { url: parsed.href, prefixes: [...prefixes] } })
  }
  const ip = rules['fetch.ip_host'] ? ipHost(parsed) : null
  if (ip !== null) found.push({ rule: 'fetch.ip_host', args: { url: parsed.href, host: ip } })
  const redirects = rules['fetch.redirects']
  const hops = source?.redirects.length ?? 0
  if (redirects?.value.followsRedirects === false && hops > 0) {
    const args = { hops, max: 0, warnAbove: 0, reason: 'not_followed' } as const
    found.push({ rule: 'fetch.redirects', args })
  }
  const pull = rules['fetch.timeout']?.value
  const pullMs = source && pull?.pullWithinS !== undefined ? wholePullMs(source, pull.ingressBps) : null
  if (pullMs !== null && pull?.pullWithinS !== undefined && pullMs > pull.pullWithinS * 1000) {
    const args = { phase: 'projected', afterMs: pull.pullWithinS * 1000, projectedMs: Math.ceil(pullMs) } as const
    found.push({ rule: 'fetch.timeout', args })
  }
  return found
}

/** The whole file's time (unrounded) at the measured throughput, capped at the platform's ingress; null when not measured. */
export function wholePullMs(source: Pick<SourceFacts, 'contentLength' | 'throughputBps'>, ingressBps = Infinity) {
  const size = source.contentLength
  const measured = source.throughputBps
  if (size === null || !measured) return null
  return (size * 1000) / Math.min(measured, ingressBps)
}
