// tiktok.video: a TikTok video post (Content Posting API, FILE_UPLOAD or PULL_FROM_URL), PLATFORM-RULES-MORE.md §7.
import type { TargetDef } from '../src/rule-types.js'
import { META_VIDEO } from '../src/messages/fixes.js'
import { AYRT, PF, TTCI, TTDP, TTGH, TTMT } from './sources.js'
import { tiktokFetchRules } from './tiktok-fetch.js'

// File checks fail after upload: the code is the `fail_reason` of /status/fetch/ (SN1).
const FORMAT = 'file_format_check_failed'
const error = { severity: 'error', action: 'fix_input' } as const

export const tiktokVideo = {
  name: 'tiktok.video',
  site: 'TikTok',
  platform: 'tiktok',
  rules: {
    'media.kind': {
      value: { allowed: ['video'] },
      ...error,
      platformError: FORMAT,
      source: [TTMT],
      fix: 'Post photos as a TikTok photo post (tiktok.photo).',
    },
    'media.unknown_type': { value: {}, ...error, platformError: FORMAT, source: [TTMT, PF] },
    'media.corrupt': { value: null, ...error, platformError: FORMAT, source: [TTMT, PF], fix: META_VIDEO },
    'video.container': {
      value: { accept: ['mp4', 'm4v', 'webm', 'mov'] },
      ...error,
      platformError: FORMAT,
      source: [TTMT],
    },
    'video.no_video_stream': { value: null, ...error, platformError: FORMAT, source: [TTMT] },
    'video.codec': {
      value: { accept: ['h264', 'hevc', 'vp8', 'vp9'] },
      ...error,
      platformError: FORMAT,
      source: [TTMT],
    },
    'video.frame_rate': {
      value: { min: 23, max: 60 },
      unit: 'fps',
      ...error,
      platformError: 'frame_rate_check_failed',
      source: [TTMT],
    },
    'video.min_dimensions': {
      value: { minWidth: 360, minHeight: 360, maxSide: 4096 },
      unit: 'px',
      ...error,
      platformError: 'picture_size_check_failed',
      source: [TTMT],
    },
    'video.aspect_ratio': {
      value: { min: { w: 9, h: 16 }, max: { w: 16, h: 9 } },
      severity: 'warning',
      platformError: 'picture_size_check_failed',
      action: 'fix_input',
      source: [TTGH, AYRT],
      note: 'Third-party observations only: TikTok documents no ratio range.',
    },
    'video.file_size': {
      value: { max: 4_294_967_296, warnAbove: 4_000_000_000 },
      unit: 'B',
      ...error,
      platformError: 'invalid_param',
      tiers: { near: { severity: 'warning' } },
      source: [TTMT],
    },
    'video.duration_min': {
      value: { min: 3 },
      unit: 's',
      severity: 'warning',
      platformError: 'duration_check_failed',
      action: 'fix_input',
      source: [AYRT],
    },
    'video.duration_max': {
      value: { max: 600, creatorMax: true, warnAbove: 180 },
      unit: 's',
      ...error,
      platformError: 'duration_check_failed',
      tiers: { near: { severity: 'warning' } },
      source: [TTMT, TTCI],
      note: "Every creator may post 3 minutes, some 5 or 10: over 180 s is an error only against the creator's tiktokMaxDurationS.",
    },
    // TikTok calls the video caption `title`; preflight's field for the post text is `caption` everywhere.
    'post.caption_length': {
      value: { max: 2_200, counting: 'utf16' },
      unit: 'UTF-16 units',
      ...error,
      platformError: 'invalid_param',
      source: [TTDP],
    },
    'post.thumb_offset': {
      value: { insideVideo: true },
      unit: 'ms',
      severity: 'info',
      platformError: null,
      action: null,
      source: [TTDP],
      note: 'Outside the clip, TikTok uses the first frame as the cover.',
    },
    ...tiktokFetchRules('video_pull_failed'),
  },
} as const satisfies TargetDef
