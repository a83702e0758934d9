// instagram.stories: a Story, image or video, PLATFORM-RULES.md §4.
import type { TargetDef } from '../src/rule-types.js'
import { instagramImageRules } from './instagram-image.js'
import { storyPostRules } from './instagram-post.js'
import { fetchRules, INSTAGRAM_FETCH_CODES } from './meta-fetch.js'
import { INSTAGRAM_VIDEO_CODES, metaVideoRules } from './meta-video.js'
import { IGM, S_IG } from './sources.js'

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
    ...metaVideoRules(INSTAGRAM_VIDEO_CODES),
    'video.aspect_ratio': {
      value: { min: { w: 1, h: 10 }, max: { w: 10, h: 1 }, recommended: { w: 9, h: 16 }, tolerance: 0.01 },
      severity: 'error',
      platformError: '2207009',
      action: 'fix_input',
      tiers: { not_recommended: { severity: 'info', platformError: null, action: null } },
      source: [IGM, S_IG],
    },
    'video.duration_max': {
      value: { max: 60 },
      unit: 's',
      severity: 'error',
      platformError: '2207026',
      action: 'fix_input',
      source: [IGM],
    },
    'video.file_size': {
      value: { max: 104_857_600, warnAbove: 100_000_000 },
      unit: 'B',
      severity: 'error',
      platformError: '2207026',
      action: 'fix_input',
      tiers: { near: { severity: 'warning' } },
      source: [IGM],
      note: 'Meta writes "100 MB": files between 100,000,000 B and 100 MiB are at risk.',
    },
    ...storyPostRules,
    ...fetchRules(INSTAGRAM_FETCH_CODES),
  },
} as const satisfies TargetDef
