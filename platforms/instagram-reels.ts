// instagram.reels: a Reels video (media type REELS), PLATFORM-RULES.md §3.
import type { TargetDef } from '../src/rule-types.js'
import { instagramPostRules, instagramThumbOffset, reelsAltText } from './instagram-post.js'
import { fetchRules, INSTAGRAM_FETCH_CODES } from './meta-fetch.js'
import { INSTAGRAM_VIDEO_CODES, metaVideoRules } from './meta-video.js'
import { IGM, PF, S_IG } from './sources.js'

export const instagramReels = {
  name: 'instagram.reels',
  site: 'Instagram Reels',
  platform: 'instagram',
  rules: {
    'media.kind': {
      value: { allowed: ['video'] },
      severity: 'error',
      platformError: '2207026',
      action: 'fix_input',
      source: [IGM],
    },
    'media.unknown_type': {
      value: {},
      severity: 'error',
      platformError: '2207023',
      action: 'fix_input',
      source: [S_IG],
    },
    'media.corrupt': {
      value: null,
      severity: 'error',
      platformError: '2207053',
      action: 'fix_input',
      source: [PF, S_IG],
    },
    ...metaVideoRules(INSTAGRAM_VIDEO_CODES),
    ...instagramPostRules,
    ...instagramThumbOffset,
    ...reelsAltText,
    ...fetchRules(INSTAGRAM_FETCH_CODES),
  },
} as const satisfies TargetDef
