// How Meta's crawler asks for media (PLATFORM-RULES.md §7.1): its user agent, its Range probe, and a browser to compare.

export const CRAWLER_UA = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'
/** A current desktop Chrome: what a person opening the URL sends. */
const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36'

/** Meta's documented probe asks for bytes 0-524288 inclusive. */
export const PROBE_END = 524_288

export type Agent = 'crawler' | 'browser'

/**
 * Meta's simulation command, less `Connection: close`: no cookies, no Authorization, no Referer. undici 7
 * crashes the process when a server closes the socket while a body is paused under backpressure
 * (nodejs/undici#5360, fixed only in undici 8, which needs Node 22), and `close` invites exactly that.
 */
function crawlerHeaders(range: string | null): Record<string, string> {
  return {
    'user-agent': CRAWLER_UA,
    accept: '*/*',
    'accept-encoding': 'gzip, deflate',
    ...(range ? { range } : {}),
  }
}

function browserHeaders(): Record<string, string> {
  return {
    'user-agent': BROWSER_UA,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate',
    'accept-language': 'en-US,en;q=0.9',
  }
}

export const headersFor = (agent: Agent, range: string | null) =>
  agent === 'crawler' ? crawlerHeaders(range) : browserHeaders()
