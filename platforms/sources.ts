// The documents platform limits are read from: PLATFORM-RULES.md §0.3, one constant per key.
import type { Source } from '../src/limits.js'

const IG_DOCS = 'https://developers.facebook.com/docs/instagram-platform'

export const IGM: Source = {
  key: 'IGM',
  url: `${IG_DOCS}/instagram-graph-api/reference/ig-user/media`,
  seen: '2026-09',
}
export const IGV_OLD: Source = {
  key: 'IGV-OLD',
  url: `${IG_DOCS}/instagram-graph-api/reference/ig-user/media`,
  seen: 'pre-2023',
}
export const IGCP: Source = { key: 'IGCP', url: `${IG_DOCS}/content-publishing`, seen: '2026-06' }
export const IGERR: Source = {
  key: 'IGERR',
  url: `${IG_DOCS}/instagram-graph-api/reference/error-codes`,
  seen: '2026-06',
}
export const THP: Source = { key: 'THP', url: 'https://developers.facebook.com/docs/threads/posts', seen: '2026-04' }
export const THO: Source = { key: 'THO', url: 'https://developers.facebook.com/docs/threads/overview', seen: '2025-12' }
export const THT: Source = {
  key: 'THT',
  url: 'https://developers.facebook.com/docs/threads/troubleshooting',
  seen: '2026-11',
}
export const FBCR: Source = {
  key: 'FBCR',
  url: 'https://developers.facebook.com/docs/sharing/webmasters/web-crawlers',
  seen: '2026',
}
export const AYR: Source = {
  key: 'AYR',
  url: 'https://www.ayrshare.com/docs/help-center/technical-support/meta_media_crawler_blocked.md',
  seen: '2026',
}
export const MSRC: Source = { key: 'MSRC', url: 'https://github.com/mastodon/mastodon', seen: '2026-11' }
export const MDOC: Source = { key: 'MDOC', url: 'https://docs.joinmastodon.org', seen: '2026-07' }
export const MPR: Source = { key: 'MPR', url: 'https://github.com/mastodon/mastodon/pulls', seen: '2026-11' }
export const S_IG: Source = { key: 'S-IG', url: 'https://bundle.social/instagram-api/errors', seen: '2026-05' }
export const S_TH: Source = { key: 'S-TH', url: 'https://bundle.social/threads-api/errors', seen: '2026-05' }
/** preflight's own heuristic (PLATFORM-RULES.md rows marked PF): configurable, not a platform number. */
export const PF: Source = { key: 'PF', url: 'preflight', seen: '2026-11' }
