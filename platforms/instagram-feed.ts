// instagram.feed: a single image post (Graph API media type IMAGE), PLATFORM-RULES.md §1.
import type { TargetDef } from '../src/rule-types.js'
import { instagramImageRules } from './instagram-image.js'
import { instagramAltText, instagramPostRules } from './instagram-post.js'
import { fetchRules, INSTAGRAM_FETCH_CODES } from './meta-fetch.js'
import { IGM } from './sources.js'

export const instagramFeed = {
  name: 'instagram.feed',
  site: 'Instagram feed',
  platform: 'instagram',
  rules: {
    'media.kind': {
      value: { allowed: ['image'] },
      severity: 'error',
      platformError: '2207005',
      action: 'fix_input',
      source: [IGM],
    },
    ...instagramImageRules,
    ...instagramPostRules,
    ...instagramAltText,
    ...fetchRules(INSTAGRAM_FETCH_CODES),
  },
} as const satisfies TargetDef
