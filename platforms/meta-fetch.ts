// Fetch rules (PLATFORM-RULES.md §7.3): every row for the Meta targets, the (M) rows for targets that take uploads.
import type { Source } from '../src/limits.js'
import type { TargetRules } from '../src/rule-types.js'
import { AYR, AYRF, FBCR, IGM, PF, S_IG, S_TH } from './sources.js'

interface FetchCodes {
  /** What the platform answers when it cannot fetch the URL (null: no documented code). */
  fetchFailed: string | null
  /** What it answers when the download takes too long. */
  timeout: string | null
  /** Where the codes come from. */
  seed: Source
}

export const INSTAGRAM_FETCH_CODES: FetchCodes = { fetchFailed: '2207052', timeout: '2207003', seed: S_IG }
/** Meta documents no code for a failed Page media fetch (PLATFORM-RULES-MORE.md §4.1, §D N4). */
export const FACEBOOK_FETCH_CODES: FetchCodes = { fetchFailed: null, timeout: null, seed: AYRF }
export const THREADS_FETCH_CODES: FetchCodes = {
  fetchFailed: 'media fetch failed',
  timeout: 'media fetch failed',
  seed: S_TH,
}

const META = { fetcher: 'platform' } as const
const PREFLIGHT = { fetcher: 'preflight' } as const
const RETRY = { action: 'retry_later' } as const
// The service's temp-disk budget was full: the file was not checked, which only a retry can change.
const BUSY = { severity: 'error', action: 'retry_later' } as const
const ENCODING_NOTE =
  'Meta does not document whether its crawler decodes Content-Encoding on media or how far; preflight stops decoding at PREFLIGHT_DECODED_RATIO_MAX times the wire size (past PREFLIGHT_DECODED_FLOOR_BYTES) and checks only what it decoded.'

/** The rows Meta's own fetch can fail on, labelled with one platform's codes. */
export function fetchRules({ fetchFailed, timeout, seed }: FetchCodes) {
  const failed = {
    value: META,
    severity: 'error',
    platformError: fetchFailed,
    action: 'fix_input',
    source: [seed, PF],
  } as const
  const risk = { ...failed, severity: 'warning' } as const
  return {
    'fetch.private_address': failed,
    'fetch.unreachable': { ...failed, tiers: { transient: RETRY } },
    'fetch.status': { ...failed, tiers: { transient: RETRY } },
    'fetch.crawler_blocked': {
      ...failed,
      tiers: { robots_unavailable: { severity: 'warning', action: 'retry_later' } },
      source: [seed, FBCR, AYR, PF],
    },
    'fetch.html': failed,
    'fetch.content_type': risk,
    'fetch.redirects': { ...failed, tiers: { many: { severity: 'warning' } } },
    'fetch.not_https': risk,
    'fetch.range': { ...risk, source: [seed, FBCR, PF] },
    'fetch.url_ascii': { ...risk, source: [seed, IGM] },
    'fetch.timeout': {
      ...failed,
      platformError: timeout,
      action: 'retry_later',
      source: [seed, FBCR, PF],
      note: 'Meta does not document its fetch timeouts; preflight uses its own thresholds (PLATFORM-RULES.md §7.2).',
    },
    'fetch.slow': { ...risk, platformError: timeout, source: [seed, FBCR, PF] },
    'fetch.truncated': { ...failed, action: 'retry_later' },
    'fetch.too_large': {
      value: META,
      severity: 'info',
      platformError: null,
      action: null,
      source: [PF],
      tiers: { disk_budget: BUSY },
    },
    'fetch.content_encoding': { ...risk, source: [PF], note: ENCODING_NOTE },
    'fetch.url_expiry': {
      ...failed,
      tiers: {
        soon: { severity: 'warning' },
        restricted: { severity: 'warning' },
        note: { severity: 'info', action: null },
      },
      source: [seed, PF],
    },
  } as const satisfies TargetRules
}

const unread = { value: PREFLIGHT, severity: 'error', platformError: null, action: 'fix_input', source: [PF] } as const

/**
 * Targets that get the bytes from the caller (Mastodon; X, Bluesky and YouTube, PLATFORM-RULES-MORE.md
 * §5, §9, §11): only the (M) rows, where preflight itself could not read the file.
 */
export const uploadFetchRules = {
  'fetch.private_address': unread,
  'fetch.unreachable': { ...unread, tiers: { transient: RETRY } },
  'fetch.status': { ...unread, tiers: { transient: RETRY } },
  'fetch.html': unread,
  'fetch.redirects': { ...unread, tiers: { many: null } },
  'fetch.timeout': { ...unread, action: 'retry_later' },
  'fetch.truncated': { ...unread, action: 'retry_later' },
  'fetch.too_large': { ...unread, severity: 'info', action: null, tiers: { disk_budget: BUSY } },
  'fetch.content_encoding': { ...unread, severity: 'info', action: null },
} as const satisfies TargetRules

export const mastodonFetchRules = uploadFetchRules
