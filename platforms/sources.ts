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

// PLATFORM-RULES-MORE.md §S: Facebook Pages.
const FB_DOCS = 'https://developers.facebook.com'
export const FBST: Source = { key: 'FBST', url: `${FB_DOCS}/docs/page-stories-api`, seen: '2025-05' }
export const FBRL: Source = {
  key: 'FBRL',
  url: `${FB_DOCS}/documentation/video-api/guides/reels-publishing`,
  seen: '2026-07-30',
}
export const FBVP: Source = { key: 'FBVP', url: `${FB_DOCS}/documentation/video-api/guides/publishing`, seen: '2026' }
export const FBVE: Source = {
  key: 'FBVE',
  url: `${FB_DOCS}/documentation/video-api/reference/error-codes`,
  seen: '2020-10-27',
}
export const FBGH: Source = { key: 'FBGH', url: 'https://github.com (issues, 3p)', seen: '2012-2021' }
export const FBPR: Source = { key: 'FBPR', url: 'https://github.com/trypostit/trypost/pull/32', seen: '2026-05-12' }
export const AYRF: Source = {
  key: 'AYRF',
  url: 'https://www.ayrshare.com/docs/media-guidelines/facebook-pages',
  seen: '2026',
}

// PLATFORM-RULES-MORE.md §S: TikTok Content Posting API.
const TT_DOCS = 'https://developers.tiktok.com/doc'
export const TTMT: Source = { key: 'TTMT', url: `${TT_DOCS}/content-posting-api-media-transfer-guide`, seen: '2026' }
export const TTDP: Source = { key: 'TTDP', url: `${TT_DOCS}/content-posting-api-reference-direct-post`, seen: '2026' }
export const TTPH: Source = { key: 'TTPH', url: `${TT_DOCS}/content-posting-api-reference-photo-post`, seen: '2026' }
export const TTST: Source = {
  key: 'TTST',
  url: `${TT_DOCS}/content-posting-api-reference-get-video-status`,
  seen: '2026',
}
export const TTCI: Source = {
  key: 'TTCI',
  url: `${TT_DOCS}/content-posting-api-reference-query-creator-info`,
  seen: '2026',
}
export const TTGH: Source = { key: 'TTGH', url: 'https://github.com (code comments, 3p)', seen: '2026' }
export const AYRT: Source = { key: 'AYRT', url: 'https://www.ayrshare.com/docs/media-guidelines/tiktok', seen: '2026' }

// PLATFORM-RULES-MORE.md §S: X, YouTube, Pinterest and Bluesky.
export const XBP: Source = {
  key: 'XBP',
  url: 'https://docs.x.com/x-api/media/quickstart/best-practices',
  seen: '2026 (xdevplatform/docs @0c986f00)',
}
export const XMI: Source = { key: 'XMI', url: 'https://docs.x.com/x-api/media/introduction', seen: '2026' }
export const XMD: Source = { key: 'XMD', url: 'https://docs.x.com/x-api/media/create-media-metadata', seen: '2026' }
export const XTT: Source = {
  key: 'XTT',
  url: 'https://github.com/twitter/twitter-text (config/v3.json; npm twitter-text 3.1.0)',
  seen: '2026',
}
export const XGH: Source = {
  key: 'XGH',
  url: 'https://github.com (3p reports: InvalidMedia, UnsupportedMedia)',
  seen: '2020-2026',
}
export const YTVI: Source = {
  key: 'YTVI',
  url: 'https://developers.google.com/youtube/v3/docs/videos/insert',
  seen: '2026',
}
export const YTVR: Source = { key: 'YTVR', url: 'https://developers.google.com/youtube/v3/docs/videos', seen: '2026' }
export const GADS: Source = {
  key: 'GADS',
  url: 'https://developers.google.com/google-ads/api/reference/rpc/v25/YouTubeVideoUpload',
  seen: '2026',
}
export const YTGD: Source = {
  key: 'YTGD',
  url: 'https://pub.dev/documentation/googleapis/latest/youtube_v3/VideoStatus/rejectionReason.html',
  seen: '2026',
}
export const YTSH: Source = { key: 'YTSH', url: 'https://support.google.com/youtube/answer/15424877', seen: '2024-10' }
export const ZER: Source = { key: 'ZER', url: 'https://docs.zernio.com/platforms/youtube', seen: '2026 (3p)' }
export const PNAPI: Source = {
  key: 'PNAPI',
  url: 'https://github.com/pinterest/api-description (v5/openapi.yaml @c05b1897)',
  seen: '2025-12-11',
}
export const PNSPEC: Source = {
  key: 'PNSPEC',
  url: 'https://help.pinterest.com/en/business/article/pinterest-product-specs',
  seen: '2025-26',
}
export const AYRP: Source = {
  key: 'AYRP',
  url: 'https://www.ayrshare.com/docs/media-guidelines/',
  seen: '2026 (3p)',
}
export const LATE: Source = {
  key: 'LATE',
  url: 'https://docs.getlate.dev/resources/media-guidelines/',
  seen: '2026 (3p)',
}
const ATPROTO = 'https://github.com/bluesky-social/atproto'
export const BSLX: Source = { key: 'BSLX', url: `${ATPROTO}/tree/main/lexicons`, seen: '2026-08-20 (@d6296a1c)' }
export const BSLH: Source = { key: 'BSLH', url: `${ATPROTO}/commits/main/lexicons`, seen: '2023-2026' }
export const BSPDS: Source = { key: 'BSPDS', url: `${ATPROTO}/tree/main/packages/pds`, seen: '2026 (@d6296a1c)' }
export const BSAPP: Source = {
  key: 'BSAPP',
  url: 'https://github.com/bluesky-social/social-app (src/lib/constants.ts)',
  seen: '2026',
}
export const BSBLOG: Source = {
  key: 'BSBLOG',
  url: 'https://bsky.social/about/blog/09-11-2024-video',
  seen: '2024-09, 2025-03 (3p copies)',
}
export const AYRB: Source = { key: 'AYRB', url: 'https://www.ayrshare.com/docs/media-guidelines/', seen: '2026 (3p)' }
