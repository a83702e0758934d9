// pinterest: a Pin with an image, a video, or 2-5 images (API v5 POST /v5/pins), PLATFORM-RULES-MORE.md §10.
import type { TargetDef } from '../src/rule-types.js'
import { fetchRules } from './meta-fetch.js'
import { AYRP, LATE, PF, PNAPI, PNSPEC } from './sources.js'

const error = { severity: 'error', action: 'fix_input' } as const
const refused = { ...error, platformError: '400' } as const
// A video is uploaded (POST /v5/media), then processed: its media `status` turns `failed`.
const failed = { ...error, platformError: 'failed' } as const

// Pinterest fetches `image_url` itself, with an undocumented fetcher: Meta's crawler rows (user agent, Range probe) do not apply.
const {
  'fetch.crawler_blocked': _crawlerUndocumented,
  'fetch.range': _rangeUndocumented,
  ...pinterestFetch
} = fetchRules({ fetchFailed: '400', timeout: '400', seed: AYRP })

export const pinterest = {
  name: 'pinterest',
  site: 'Pinterest',
  platform: 'pinterest',
  rules: {
    'media.kind': { value: { allowed: ['image', 'video'] }, ...refused, source: [PNAPI] },
    'media.unknown_type': { value: {}, ...refused, source: [PNAPI, PNSPEC] },
    'media.corrupt': { value: null, ...refused, tiers: { video: { platformError: 'failed' } }, source: [PF, PNSPEC] },
    'image.format': {
      value: { accept: ['jpeg', 'png'], warn: ['webp', 'gif', 'bmp', 'tiff'], stereo: 'pass', multiPicture: 'pass' },
      ...refused,
      tiers: { warn: { severity: 'warning', platformError: null } },
      source: [PNSPEC, PNAPI, AYRP],
    },
    'image.file_size': {
      value: { max: 33_554_432, warnAbove: 20_000_000 },
      unit: 'B',
      ...refused,
      tiers: { near: { severity: 'warning' } },
      source: [PNSPEC, AYRP],
      note: 'Pinterest writes 32 MB today, 10 MB on an older page and 20 MB in third-party guides (PLATFORM-RULES-MORE.md §D N18).',
    },
    'image.aspect_ratio': {
      value: { min: { w: 2, h: 3 }, matchFirstPercent: 0 },
      severity: 'info',
      platformError: null,
      action: null,
      tiers: { mismatch: { severity: 'warning', action: 'fix_input' } },
      source: [PNSPEC, AYRP],
      note: 'Pinterest takes taller Pins but may cut them off in feeds; in a multi-image Pin, items of different shapes are shown unevenly (third-party).',
    },
    'image.min_width': {
      value: { min: 100, side: 'short' },
      unit: 'px',
      ...refused,
      severity: 'warning',
      source: [LATE],
    },
    'video.no_video_stream': { value: null, ...failed, source: [PF] },
    'video.container': { value: { accept: ['mp4', 'mov', 'm4v'] }, ...failed, source: [PNSPEC] },
    'video.codec': { value: { accept: ['h264', 'hevc'] }, ...failed, source: [PNSPEC] },
    'video.file_size': {
      value: { max: 2_147_483_648, warnAbove: 2_000_000_000 },
      unit: 'B',
      ...failed,
      tiers: { near: { severity: 'warning' } },
      source: [PNSPEC],
      note: 'Pinterest writes "2 GB": files between 2,000,000,000 B and 2 GiB are at risk.',
    },
    'video.duration_min': { value: { min: 4 }, unit: 's', ...failed, source: [PNSPEC] },
    'video.duration_max': { value: { max: 900 }, unit: 's', ...failed, source: [PNSPEC] },
    'video.aspect_ratio': {
      value: { min: { w: 1, h: 2 }, max: { w: 191, h: 100 } },
      ...failed,
      source: [PNSPEC],
    },
    'post.carousel_size': { value: { max: 5 }, unit: 'images', ...refused, source: [PNAPI] },
    'post.media_mix': { value: { alone: ['video'], silentVideoMixes: false }, ...refused, source: [PNAPI] },
    'post.title_length': {
      value: { max: 100, counting: 'code_points' },
      unit: 'characters',
      ...refused,
      source: [PNAPI, PNSPEC],
    },
    'post.caption_length': {
      value: { max: 800, counting: 'code_points', warnAbove: 500 },
      unit: 'characters',
      ...refused,
      tiers: { near: { severity: 'warning', platformError: null } },
      source: [PNAPI, PNSPEC],
      note: 'The API takes 800 characters; the product specs say 500 (PLATFORM-RULES-MORE.md §D N18).',
    },
    'post.alt_text_length': { value: { max: 500 }, unit: 'characters', ...refused, source: [PNAPI] },
    ...pinterestFetch,
    'fetch.url_ascii': { ...pinterestFetch['fetch.url_ascii'], source: [AYRP, PF] },
    'fetch.timeout': {
      ...pinterestFetch['fetch.timeout'],
      source: [AYRP, PF],
      note: 'Pinterest does not document its fetch timeouts; preflight uses its own thresholds (PLATFORM-RULES.md §7.2).',
    },
    'fetch.slow': { ...pinterestFetch['fetch.slow'], source: [AYRP, PF] },
    'fetch.content_encoding': {
      ...pinterestFetch['fetch.content_encoding'],
      note: 'Pinterest does not document whether its fetcher decodes Content-Encoding on media; preflight stops decoding at PREFLIGHT_DECODED_RATIO_MAX times the wire size and checks only what it decoded.',
    },
  },
} as const satisfies TargetDef
