// instagram.carousel: a carousel post of 2-10 images or videos, PLATFORM-RULES.md §2.
import type { TargetDef } from '../src/rule-types.js'
import { instagramImageRules } from './instagram-image.js'
import { instagramAltText, instagramPostRules, instagramThumbOffset } from './instagram-post.js'
import { fetchRules, INSTAGRAM_FETCH_CODES } from './meta-fetch.js'
import { INSTAGRAM_VIDEO_CODES, metaVideoRules } from './meta-video.js'
import { IGCP, IGERR, IGM, IGV_OLD } from './sources.js'

const LEGACY =
  'The current spec gives no numbers for carousel videos; the legacy VIDEO limits apply as warnings (PLATFORM-RULES.md §9 D8).'

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
    // Meta crops every item to item 0's ratio: a later image more than 1 % off is altered.
    'image.aspect_ratio': {
      ...instagramImageRules['image.aspect_ratio'],
      value: { ...instagramImageRules['image.aspect_ratio'].value, matchFirstPercent: 1 },
      tiers: { mismatch: { severity: 'warning', platformError: null } },
      source: [IGM, IGERR, IGCP],
    },
    'post.carousel_size': {
      value: { min: 2, max: 10 },
      unit: 'items',
      severity: 'error',
      platformError: '2207028',
      action: 'fix_input',
      source: [IGM, IGERR],
    },
    ...instagramPostRules,
    ...instagramThumbOffset,
    // Alt text is set on image children only.
    'post.alt_text_length': { ...instagramAltText['post.alt_text_length'], value: { max: 1_000, imagesOnly: true } },
    ...fetchRules(INSTAGRAM_FETCH_CODES),
  },
} as const satisfies TargetDef
