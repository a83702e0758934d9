// facebook.stories: a Page Story, photo or video (`photo_stories`, `video_stories`), PLATFORM-RULES-MORE.md §4.
import type { TargetDef, TargetRules } from '../src/rule-types.js'
import { CLEAN_JPEG } from '../src/messages/fixes.js'
import { facebookVideoRules } from './facebook-video.js'
import { FACEBOOK_FETCH_CODES, fetchRules } from './meta-fetch.js'
import { AYRF, FBGH, FBST, FBVE, PF } from './sources.js'

const PHOTO_ERROR = '100/1366046'
const fixInput = { severity: 'error', action: 'fix_input' } as const

/** The Page photo rows (§1): a Story photo is uploaded through `/photos` (unpublished) first. */
const facebookImageRules = {
  'image.format': {
    value: {
      accept: ['jpeg', 'png'],
      warn: ['gif', 'tiff', 'bmp', 'webp', 'heif'],
      stereo: 'pass',
      multiPicture: 'pass',
    },
    ...fixInput,
    platformError: PHOTO_ERROR,
    tiers: { warn: { severity: 'warning', platformError: null } },
    source: [FBST, FBGH],
    fix: CLEAN_JPEG,
  },
  'image.animated': {
    value: { gif: 'flag', webp: 'flag', png: 'flag' },
    severity: 'warning',
    platformError: null,
    action: 'fix_input',
    source: [FBGH],
  },
  'image.file_size': {
    value: { max: 10_485_760, warnAbove: 4_000_000, pngWarnAbove: 1_000_000 },
    unit: 'B',
    ...fixInput,
    platformError: PHOTO_ERROR,
    tiers: { near: { severity: 'warning' }, png: { severity: 'warning', platformError: null } },
    source: [FBST, FBGH],
    note: 'The current Stories page says 10 MB; older copies and the 1366046 error text say 4 MB: 4,000,001 B to 10 MiB is a warning.',
  },
  'image.max_width': {
    value: { max: 2048, side: 'long' },
    unit: 'px',
    severity: 'warning',
    platformError: null,
    action: 'fix_input',
    source: [AYRF],
  },
  'image.color_space': {
    value: { required: 'srgb' },
    severity: 'warning',
    platformError: null,
    action: 'fix_input',
    source: [PF],
  },
  'image.aspect_ratio': {
    value: { recommended: { w: 9, h: 16 }, tolerance: 0.01 },
    severity: 'info',
    platformError: null,
    action: null,
    tiers: { not_recommended: { severity: 'info' } },
    source: [FBST],
  },
} as const satisfies TargetRules

const notSent = { value: { sent: false }, severity: 'info', platformError: null, action: null, source: [FBST] } as const

export const facebookStories = {
  name: 'facebook.stories',
  site: 'Facebook Stories',
  platform: 'facebook',
  rules: {
    'media.kind': {
      value: { allowed: ['image', 'video'] },
      ...fixInput,
      platformError: null,
      source: [FBST],
    },
    ...facebookVideoRules,
    'media.unknown_type': { value: {}, ...fixInput, platformError: PHOTO_ERROR, source: [FBGH] },
    'media.corrupt': {
      value: null,
      ...fixInput,
      platformError: PHOTO_ERROR,
      tiers: { video: { platformError: '6000' } },
      source: [FBGH, FBVE, PF],
    },
    ...facebookImageRules,
    'video.duration_max': {
      value: { max: 60 },
      unit: 's',
      ...fixInput,
      platformError: null,
      source: [FBST],
    },
    'post.caption_length': notSent,
    'post.alt_text_length': notSent,
    ...fetchRules(FACEBOOK_FETCH_CODES),
  },
} as const satisfies TargetDef
