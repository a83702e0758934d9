// tiktok.photo: a TikTok photo post (media_type PHOTO, PULL_FROM_URL only), PLATFORM-RULES-MORE.md §8.
import type { TargetDef } from '../src/rule-types.js'
import { CLEAN_JPEG } from '../src/messages/fixes.js'
import { PF, TTGH, TTMT, TTPH, TTST } from './sources.js'
import { tiktokFetchRules } from './tiktok-fetch.js'

const FORMAT = 'file_format_check_failed'
const SIZE = 'picture_size_check_failed'
const error = { severity: 'error', action: 'fix_input' } as const

export const tiktokPhoto = {
  name: 'tiktok.photo',
  site: 'TikTok photo post',
  platform: 'tiktok',
  rules: {
    'media.kind': {
      value: { allowed: ['image'] },
      ...error,
      platformError: FORMAT,
      source: [TTPH],
      fix: 'Post videos as a TikTok video (tiktok.video).',
    },
    'media.unknown_type': { value: {}, ...error, platformError: FORMAT, source: [TTMT, TTST] },
    'media.corrupt': { value: null, ...error, platformError: FORMAT, source: [TTST, PF], fix: CLEAN_JPEG },
    'image.format': {
      value: { accept: ['jpeg', 'webp'], warn: [], stereo: 'pass', multiPicture: 'pass' },
      ...error,
      platformError: FORMAT,
      source: [TTMT, TTST],
      fix: CLEAN_JPEG,
    },
    'image.file_size': {
      value: { max: 20_971_520, warnAbove: 20_000_000 },
      unit: 'B',
      ...error,
      platformError: SIZE,
      tiers: { near: { severity: 'warning' } },
      source: [TTMT],
      note: 'The code for an oversized photo is a guess (PLATFORM-RULES-MORE.md §D N15).',
    },
    'image.max_width': {
      value: { max: 1920, side: 'long', shortMax: 1080 },
      unit: 'px',
      ...error,
      platformError: SIZE,
      source: [TTMT],
      note: '"Maximum 1080p" read as 1920 px on the long side and 1080 px on the short side (PLATFORM-RULES-MORE.md §D N15).',
    },
    'image.min_width': {
      value: { min: 360, side: 'short' },
      unit: 'px',
      severity: 'warning',
      platformError: SIZE,
      action: 'fix_input',
      source: [TTGH],
    },
    'post.carousel_size': { value: { min: 1, max: 35 }, ...error, platformError: 'invalid_param', source: [TTPH] },
    'post.media_mix': {
      value: { alone: ['video'], silentVideoMixes: false },
      ...error,
      platformError: 'invalid_param',
      source: [TTPH],
    },
    'post.title_length': {
      value: { max: 90, counting: 'utf16' },
      unit: 'UTF-16 units',
      ...error,
      platformError: 'invalid_param',
      source: [TTPH],
    },
    // The photo post's `description` is preflight's `caption`.
    'post.caption_length': {
      value: { max: 4_000, counting: 'utf16' },
      unit: 'UTF-16 units',
      ...error,
      platformError: 'invalid_param',
      source: [TTPH],
    },
    ...tiktokFetchRules('photo_pull_failed'),
  },
} as const satisfies TargetDef
