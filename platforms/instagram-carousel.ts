// instagram.carousel: a carousel post of 2-10 images or videos, PLATFORM-RULES.md §2.
import type { TargetDef } from '../src/rule-types.js'
import { instagramImageRules } from './instagram-image.js'
import { fetchRules, INSTAGRAM_FETCH_CODES } from './meta-fetch.js'
import { IGM } from './sources.js'

export const instagramCarousel = {
  name: 'instagram.carousel',
  site: 'Instagram carousel',
  platform: 'instagram',
  rules: {
    'media.kind': {
      value: { allowed: ['image', 'video'] },
      severity: 'error',
      platformError: '2207026',
      action: 'fix_input',
      source: [IGM],
    },
    ...instagramImageRules,
    ...fetchRules(INSTAGRAM_FETCH_CODES),
  },
} as const satisfies TargetDef
