// Rule catalogue, fetch family: found by the acquire stage while fetching a URL, not by checks (PLATFORM-RULES.md §7).

/**
 * Who fetches the URL for real: `platform` (Meta downloads it, so its failure is the platform's) or
 * `preflight` (Mastodon gets the bytes from the caller; a failure only means preflight could not read them).
 */
export type Fetcher = { fetcher: 'platform' | 'preflight' }

export type TimeoutPhase = 'headers' | 'body' | 'total' | 'projected'
export type HtmlKind = 'login' | 'challenge' | 'error_page' | 'page'
export type ExpiryProblem =
  'expired' | 'not_yet_valid' | 'too_long' | 'soon' | 'ip_bound' | 'hidden' | 'temporary_credentials'

interface StageRule<Args, Tier extends string = never, Limit extends Fetcher = Fetcher> {
  scope: 'stage'
  limit: Limit
  args: Args
  tier: Tier
}

export interface FetchRules {
  'fetch.status': StageRule<{ status: number; url: string }, 'transient'>
  /** Connection refused, reset or timed out may pass; DNS and TLS failures are the host's to fix. */
  'fetch.unreachable': StageRule<{ code: string; detail: string }, 'transient'>
  /**
   * With `pullWithinS`: the platform pulls the file itself within that many seconds at no more than
   * `ingressBps` (TikTok: one hour, 100 Mbps); the whole file's projected time past it is a finding.
   */
  'fetch.timeout': StageRule<
    { phase: TimeoutPhase; afterMs: number; projectedMs: number | null },
    never,
    Fetcher & { pullWithinS?: number; ingressBps?: number }
  >
  'fetch.slow': StageRule<{ measure: 'ttfb' | 'throughput' | 'projected'; value: number; limit: number }>
  'fetch.html': StageRule<{ kind: HtmlKind; title: string | null }>
  'fetch.content_type': StageRule<{
    header: string | null
    sniffed: string | null
    problem: 'missing' | 'generic' | 'text' | 'mismatch'
  }>
  /**
   * Base: more hops than the maximum, a loop, or a non-http(s) Location; `many`: a long but finite chain;
   * `not_followed`: any hop, where the platform follows none (`followsRedirects: false`: TikTok).
   */
  'fetch.redirects': StageRule<
    { hops: number; max: number; warnAbove: number; reason: 'too_many' | 'loop' | 'scheme' | 'many' | 'not_followed' },
    'many',
    Fetcher & { followsRedirects?: false }
  >
  'fetch.not_https': StageRule<{ url: string }>
  'fetch.truncated': StageRule<{ bytes: number; contentLength: number }>
  /** Base: stopped one byte past the largest file the targets accept; `disk_budget`: the service's temp-disk budget was full. */
  'fetch.too_large': StageRule<
    { cap: number; contentLength: number | null; reason: 'read_cap' | 'disk_budget' },
    'disk_budget'
  >
  /** A Content-Encoding inflated the body past `ratio` times its wire bytes and past the floor: decoding stopped there. */
  'fetch.content_encoding': StageRule<{
    encoding: string
    wire: number
    decoded: number
    ratio: number
    floorBytes: number
  }>
  'fetch.private_address': StageRule<{ host: string; address: string; addressClass: string }>
  /**
   * Base: the crawler is refused where a browser is served, or robots.txt disallows it; `robots_unavailable`:
   * robots.txt failed, or (reason `robots_too_large`) holds more rules for the crawler than are kept.
   */
  'fetch.crawler_blocked': StageRule<
    {
      reason: 'status' | 'html' | 'robots' | 'robots_unavailable' | 'robots_too_large'
      status: number | null
      detail: string | null
    },
    'robots_unavailable'
  >
  /** Base: expired, not yet valid or refused by its format; `soon`/`restricted` warnings; `note` what the URL cannot show. */
  'fetch.url_expiry': StageRule<
    { scheme: string; problem: ExpiryProblem; expiresAt: string | null; secondsLeft: number | null; windowS: number },
    'soon' | 'restricted' | 'note'
  >
  'fetch.range': StageRule<{ problem: 'status_416' | 'content_range' | 'length'; detail: string }>
  'fetch.url_ascii': StageRule<{ url: string; encoded: string }>
  /**
   * The URL is not under one of the caller's verified domains or URL prefixes (`tiktokVerifiedPrefixes`);
   * tier `unchecked`: none were given, so ownership could not be judged.
   */
  'fetch.url_prefix': StageRule<{ url: string; prefixes: string[] }, 'unchecked'>
  /** The URL's host is an IP address where the platform needs a (verified) domain name. */
  'fetch.ip_host': StageRule<{ url: string; host: string }>
}
