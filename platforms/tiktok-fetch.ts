// TikTok's PULL_FROM_URL rows (PLATFORM-RULES-MORE.md §7, §8): verified URLs only, https, no redirects, one hour to pull.
import type { TargetRules } from '../src/rule-types.js'
import { PF, TTMT, TTPH, TTST } from './sources.js'

const TIKTOK = { fetcher: 'platform' } as const
const RETRY = { action: 'retry_later' } as const
const OWNERSHIP = 'url_ownership_unverified'

/** `pullFailed`: `video_pull_failed` for videos, `photo_pull_failed` for photos. */
export function tiktokFetchRules(pullFailed: string) {
  const failed = { value: TIKTOK, severity: 'error', platformError: pullFailed, action: 'fix_input' } as const
  const unowned = { ...failed, platformError: OWNERSHIP, source: [TTMT, TTPH] } as const
  return {
    'fetch.url_prefix': {
      ...unowned,
      tiers: { unchecked: { severity: 'info', platformError: null, action: null } },
      note: 'preflight cannot see which domains and URL prefixes the TikTok app has verified: pass tiktokVerifiedPrefixes.',
    },
    'fetch.not_https': unowned,
    'fetch.ip_host': unowned,
    'fetch.redirects': {
      ...failed,
      value: { ...TIKTOK, followsRedirects: false },
      tiers: { many: null },
      source: [TTMT],
    },
    'fetch.status': { ...failed, tiers: { transient: RETRY }, source: [TTST] },
    'fetch.unreachable': { ...failed, tiers: { transient: RETRY }, source: [TTST] },
    'fetch.private_address': { ...failed, source: [TTST, PF] },
    'fetch.html': { ...failed, source: [TTST] },
    'fetch.truncated': { ...failed, action: 'retry_later', source: [TTST] },
    'fetch.timeout': {
      ...failed,
      value: { ...TIKTOK, pullWithinS: 3_600, ingressBps: 12_500_000 },
      source: [TTMT],
      note: "TikTok pulls for up to an hour at up to 100 Mbps; preflight's own download timeouts are far shorter, so a timeout of preflight's means the file could not be checked.",
    },
    'fetch.url_expiry': {
      ...failed,
      tiers: {
        soon: { severity: 'warning' },
        restricted: { severity: 'warning' },
        note: { severity: 'info', action: null },
      },
      source: [TTMT, PF],
      note: 'The URL must stay valid for the whole pull (up to an hour); "soon" is judged against PREFLIGHT_EXPIRY_WINDOW_S (default 3,600 s).',
    },
    'fetch.too_large': {
      value: TIKTOK,
      severity: 'info',
      platformError: null,
      action: null,
      source: [PF],
      tiers: { disk_budget: { severity: 'error', action: 'retry_later' } },
    },
    'fetch.content_encoding': { ...failed, severity: 'info', platformError: null, action: null, source: [PF] },
  } as const satisfies TargetRules
}
