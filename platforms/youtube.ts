// youtube.video and youtube.shorts: a YouTube upload (videos.insert), PLATFORM-RULES-MORE.md §9.
// YouTube transcodes almost anything: few file rules are hard, and file failures show in the video's status later.
import type { TargetDef } from '../src/rule-types.js'
import { uploadFetchRules } from './meta-fetch.js'
import { GADS, PF, YTGD, YTSH, YTVI, YTVR, ZER } from './sources.js'

const error = { severity: 'error', action: 'fix_input' } as const
const FORMATS_NOTE =
  "YouTube's own format list was not read; a container or codec outside the common ones is only a warning (PLATFORM-RULES-MORE.md §D N16)."

const youtubeRules = {
  'media.kind': {
    value: { allowed: ['video'] },
    ...error,
    platformError: 'failureReason:invalidFile',
    source: [YTVI, YTGD],
  },
  'media.unknown_type': { value: {}, ...error, platformError: 'failureReason:invalidFile', source: [YTVI, YTGD] },
  'media.corrupt': { value: null, ...error, platformError: 'failureReason:conversion', source: [YTGD] },
  'video.no_video_stream': { value: null, ...error, platformError: 'failureReason:invalidFile', source: [YTGD, PF] },
  'video.container': {
    value: { accept: ['mp4', 'm4v', 'mov', 'webm', 'avi', 'asf', 'flv', '3gp', '3g2', 'mpg', 'mts', 'mkv'] },
    severity: 'warning',
    platformError: 'failureReason:invalidFile',
    action: 'fix_input',
    source: [ZER],
    note: FORMATS_NOTE,
  },
  'video.codec': {
    value: { accept: ['h264', 'hevc', 'vp9', 'av1', 'mpeg2video', 'mpeg4', 'prores', 'dnxhd', 'cfhd'] },
    severity: 'warning',
    platformError: 'failureReason:codec',
    action: 'fix_input',
    source: [PF],
    note: FORMATS_NOTE,
  },
  'video.file_size': {
    value: { max: 274_877_906_944, warnAbove: 256_000_000_000 },
    unit: 'B',
    ...error,
    platformError: null,
    tiers: { near: { severity: 'warning' } },
    source: [YTVI],
    note: 'YouTube writes "256GB": files between 256,000,000,000 B and 256 GiB are at risk.',
  },
  'video.duration_max': {
    value: { max: 43_200, warnAbove: 900 },
    unit: 's',
    ...error,
    platformError: 'rejectionReason:length',
    tiers: { near: { severity: 'warning' } },
    source: [ZER, YTGD],
    note: 'Only a channel with a verified phone number may upload more than 15 minutes (third-party figure); 12 hours is the hard limit.',
  },
  'post.title_length': {
    value: { max: 100, counting: 'code_points', forbidden: ['<', '>'], nonEmpty: true },
    unit: 'characters',
    ...error,
    platformError: 'invalidTitle',
    source: [GADS, YTVR],
  },
  'post.caption_length': {
    value: { max: 5_000, counting: 'utf8_bytes', forbidden: ['<', '>'] },
    unit: 'B',
    ...error,
    platformError: 'invalidDescription',
    source: [YTVR, GADS],
    note: 'The description (the caption) is counted in UTF-8 bytes, the stricter of the two official readings (PLATFORM-RULES-MORE.md §D N12).',
  },
  ...uploadFetchRules,
} as const

export const youtubeVideo = {
  name: 'youtube.video',
  site: 'YouTube',
  platform: 'youtube',
  rules: youtubeRules,
} as const satisfies TargetDef

export const youtubeShorts = {
  name: 'youtube.shorts',
  site: 'YouTube Shorts',
  platform: 'youtube',
  rules: {
    ...youtubeRules,
    'video.duration_max': {
      ...youtubeRules['video.duration_max'],
      value: { max: 43_200, warnAbove: 180 },
      tiers: { near: { severity: 'warning', platformError: null } },
      source: [YTSH, ZER, YTGD],
      note: 'A video over 3 minutes is uploaded as a regular video, not a Short; 12 hours is the hard limit.',
    },
    'video.aspect_ratio': {
      value: { max: { w: 1, h: 1 } },
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [YTSH],
      note: 'A video wider than square is uploaded as a regular video, not a Short.',
    },
  },
} as const satisfies TargetDef
