// instagram.carousel: a carousel post of 2-10 images or videos, PLATFORM-RULES.md §2.
import type { TargetDef } from '../src/rule-types.js'
import { instagramImageRules } from './instagram-image.js'
import { fetchRules, INSTAGRAM_FETCH_CODES } from './meta-fetch.js'
import { INSTAGRAM_VIDEO_CODES, metaVideoRules } from './meta-video.js'
import { IGCP, IGM, IGV_OLD } from './sources.js'

const LEGACY = 'The current spec gives no numbers for carousel videos; the legacy VIDEO limits apply as warnings (PLATFORM-RULES.md §9 D8).'

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
    ...metaVideoRules(INSTAGRAM_VIDEO_CODES),
    'video.aspect_ratio': {
      value: { min: { w: 4, h: 5 }, max: { w: 16, h: 9 }, matchFirstPercent: 1 },
      severity: 'warning',
      platformError: '2207009',
      action: 'fix_input',
      tiers: { mismatch: { platformError: null } },
      source: [IGV_OLD, IGCP],
      note: LEGACY,
    },
    'video.duration_max': {
      value: { max: 60 },
      unit: 's',
      severity: 'warning',
      platformError: '2207026',
      action: 'fix_input',
      source: [IGV_OLD],
      note: LEGACY,
    },
    'video.file_size': {
      value: { max: 104_857_600, warnAbove: 100_000_000 },
      unit: 'B',
      severity: 'warning',
      platformError: '2207026',
      action: 'fix_input',
      tiers: { near: { severity: 'warning' } },
      source: [IGV_OLD],
      note: LEGACY,
    },
    ...fetchRules(INSTAGRAM_FETCH_CODES),
  },
} as const satisfies TargetDef
