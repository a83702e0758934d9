// facebook.reels: a Page Reel (`/{page-id}/video_reels`), PLATFORM-RULES-MORE.md §3.
import type { TargetDef } from '../src/rule-types.js'
import { FACEBOOK_VIDEO } from '../src/messages/fixes.js'
import { facebookVideoRules } from './facebook-video.js'
import { FACEBOOK_FETCH_CODES, fetchRules } from './meta-fetch.js'
import { FBRL, FBVE, PF } from './sources.js'

export const facebookReels = {
  name: 'facebook.reels',
  site: 'Facebook Reels',
  platform: 'facebook',
  rules: {
    'media.kind': {
      value: { allowed: ['video'] },
      severity: 'error',
      platformError: null,
      action: 'fix_input',
      source: [FBRL],
      fix: 'Post photos as a Facebook Story (facebook.stories).',
    },
    'media.corrupt': {
      value: null,
      severity: 'error',
      platformError: '6000',
      action: 'fix_input',
      source: [FBVE, PF],
      fix: FACEBOOK_VIDEO,
    },
    ...facebookVideoRules,
    ...fetchRules(FACEBOOK_FETCH_CODES),
  },
} as const satisfies TargetDef
