// Meta's documented crawlers by robots.txt product token (FBCR), and the one whose group decides a publishing fetch.

export interface MetaCrawler {
  /** The product token a robots.txt `User-agent:` line names it by (compared case-insensitively, version ignored). */
  token: string
  /** The user agents Meta lists for it. */
  userAgents: readonly string[]
  /** Whether Instagram/Threads publishing media is fetched under this token. */
  publishingMedia: boolean
}

/**
 * Publishing media is fetched as `facebookexternalhit/1.1` (PLATFORM-RULES.md §7.1: Meta's simulation command, and
 * AYR's "Restricted by robots.txt" failures against that token), so only its group (else `*`) applies. The others
 * are other fetchers with their own groups: blocking meta-externalagent (AI training) or facebookcatalog (catalogue
 * feeds) does not stop a post, and judging by them would fail sites that opt out of AI crawling.
 */
export const META_CRAWLERS = [
  {
    token: 'facebookexternalhit',
    userAgents: [
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'facebookexternalhit/1.1',
    ],
    publishingMedia: true,
  },
  { token: 'facebookcatalog', userAgents: ['facebookcatalog/1.0'], publishingMedia: false },
  {
    token: 'meta-externalagent',
    userAgents: ['meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)'],
    publishingMedia: false,
  },
  {
    token: 'meta-externalfetcher',
    userAgents: ['meta-externalfetcher/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)'],
    publishingMedia: false,
  },
  {
    token: 'meta-webindexer',
    userAgents: ['meta-webindexer/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)'],
    publishingMedia: false,
  },
  {
    token: 'meta-externalads',
    userAgents: ['meta-externalads/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)'],
    publishingMedia: false,
  },
] as const satisfies readonly MetaCrawler[]

/** The token whose robots.txt group applies to the media fetch: the one in CRAWLER_UA. */
export const PUBLISHING_TOKEN = 'facebookexternalhit'
