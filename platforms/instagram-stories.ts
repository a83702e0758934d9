// instagram.stories: a Story, image or video, PLATFORM-RULES.md §4.
import type { TargetDef } from '../src/rule-types.js'
import { instagramImageRules } from './instagram-image.js'
import { fetchRules, INSTAGRAM_FETCH_CODES } from './meta-fetch.js'
import { IGM } from './sources.js'

const { 'image.min_width': _min, 'image.max_width': _max, ...storyImageRules } = instagramImageRules

export const instagramStories = {
  name: 'instagram.stories',
  site: 'Instagram Stories',
  platform: 'instagram',
  rules: {
    'media.kind': {
      value: { allowed: ['image', 'video'] },
      severity: 'error',
      platformError: '2207026',
      action: 'fix_input',
      source: [IGM],
    },
    ...storyImageRules,
    // No ratio range is documented for Story images: only the recommended 9:16 is noted.
    'image.aspect_ratio': {
      value: { recommended: { w: 9, h: 16 }, tolerance: 0.01 },
      severity: 'info',
      platformError: null,
      action: null,
      tiers: { not_recommended: { severity: 'info' } },
      source: [IGM],
    },
    ...fetchRules(INSTAGRAM_FETCH_CODES),
  },
} as const satisfies TargetDef
