// Fetch rules shared by the Meta targets (PLATFORM-RULES.md §7.3), labelled with each platform's codes.
import type { Source } from '../src/limits.js'
import type { TargetRules } from '../src/rule-types.js'
import { FBCR, PF, S_IG, S_TH } from './sources.js'

interface FetchCodes {
  /** What the platform answers when it cannot fetch the URL. */
  fetchFailed: string | null
  /** What it answers when the download takes too long. */
  timeout: string | null
  /** Where the codes come from. */
  seed: Source
}

export const INSTAGRAM_FETCH_CODES: FetchCodes = { fetchFailed: '2207052', timeout: '2207003', seed: S_IG }
export const THREADS_FETCH_CODES: FetchCodes = { fetchFailed: 'media fetch failed', timeout: 'media fetch failed', seed: S_TH }
/** Mastodon: the caller uploads the bytes itself; only failures that stop preflight reading them apply. */
export const MASTODON_FETCH_CODES: FetchCodes = { fetchFailed: null, timeout: null, seed: PF }

export function fetchRules({ fetchFailed, timeout, seed }: FetchCodes) {
  return {
    'fetch.status': {
      value: null,
      severity: 'error',
      platformError: fetchFailed,
      action: 'fix_input',
      tiers: { transient: { action: 'retry_later' } },
      source: seed === PF ? [PF] : [seed, PF],
    },
    'fetch.unreachable': {
      value: null,
      severity: 'error',
      platformError: fetchFailed,
      action: 'fix_input',
      tiers: { transient: { action: 'retry_later' } },
      source: seed === PF ? [PF] : [seed, PF],
    },
    'fetch.timeout': {
      value: null,
      severity: 'error',
      platformError: timeout,
      action: 'retry_later',
      source: seed === PF ? [PF] : [seed, FBCR, PF],
      note: 'Meta does not document its fetch timeouts; preflight uses its own thresholds (PLATFORM-RULES.md §7.2).',
    },
    'fetch.too_large': {
      value: null,
      severity: 'info',
      platformError: null,
      action: null,
      source: [PF],
    },
  } as const satisfies TargetRules
}
