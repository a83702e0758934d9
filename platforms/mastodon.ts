// mastodon: a status with media attachments, the latest upstream release's limits, PLATFORM-RULES.md §6.
// Older releases' values, applied by an instance's `version`, are in mastodon-instance.ts.
import type { TargetDef } from '../src/rule-types.js'
import type { Passthrough } from '../src/rules/index.js'
import { mastodonFetchRules } from './meta-fetch.js'
import { MDOC, MPR, MSRC, PF } from './sources.js'

/** Upstream's default `supported_mime_types` (MSRC `media_attachment.rb`). */
const MASTODON_DEFAULT_MIMES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/heic',
  'image/heif',
  'image/webp',
  'image/avif',
  'video/webm',
  'video/mp4',
  'video/quicktime',
  'video/ogg',
  'audio/wave',
  'audio/wav',
  'audio/x-wav',
  'audio/x-pn-wave',
  'audio/vnd.wave',
  'audio/ogg',
  'audio/vorbis',
  'audio/mpeg',
  'audio/mp3',
  'audio/webm',
  'audio/flac',
  'audio/aac',
  'audio/m4a',
  'audio/x-m4a',
  'audio/mp4',
  'audio/3gpp',
  'video/x-ms-asf',
] as const

/** What Mastodon keeps as sent (MSRC `lib/paperclip/transcoder.rb`, `yuvj420p` from 4.4, #34098); anything else is re-encoded. */
export const MASTODON_PASSTHROUGH = {
  containers: ['mp4'],
  codecs: ['h264'],
  pixFmts: ['yuv420p', 'yuvj420p'],
  audioCodecs: ['aac'],
} as const satisfies Passthrough

export const mastodon = {
  name: 'mastodon',
  site: 'Mastodon',
  platform: 'mastodon',
  rules: {
    'media.unknown_type': {
      value: { supportedMimes: MASTODON_DEFAULT_MIMES },
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC, MDOC],
    },
    'media.corrupt': {
      value: null,
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC],
    },
    'image.format': {
      value: { accept: ['*'], warn: ['heif', 'avif'], stereo: 'pass', multiPicture: 'pass' },
      severity: 'error',
      platformError: '500',
      action: 'fix_input',
      tiers: { warn: { severity: 'warning', platformError: null } },
      source: [MSRC, MPR],
    },
    'image.file_size': {
      // Paperclip's `less_than`: a file of exactly the limit is refused.
      value: { max: 16_777_216, lessThan: true },
      unit: 'B',
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC, MDOC],
    },
    'image.pixels': {
      value: { max: 33_177_600, downscaleAbove: 8_294_400, gifMax: 921_600 },
      unit: 'px',
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      tiers: { downscaled: { severity: 'warning', platformError: null } },
      source: [MSRC, MDOC],
    },
    'image.animated': {
      value: { gif: 'info', webp: 'warn', png: 'warn' },
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      tiers: { info: { severity: 'info', action: null }, warn: { severity: 'warning' } },
      source: [MSRC, PF],
      note: 'Mastodon documents GIF animation only; animated WebP and PNG may lose their animation.',
    },
    'video.file_size': {
      value: { max: 103_809_024, lessThan: true },
      unit: 'B',
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC],
    },
    'video.pixels': {
      value: { max: 8_294_400 },
      unit: 'px',
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC],
    },
    'video.frame_rate': {
      value: { max: 120, floor: true },
      unit: 'fps',
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC],
    },
    'video.no_video_stream': {
      value: null,
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC],
    },
    'video.codec': {
      value: { accept: MASTODON_PASSTHROUGH.codecs, passthrough: MASTODON_PASSTHROUGH },
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [MSRC],
      note: "Passthrough conditions as read in Mastodon's transcoder; an instance's `version` picks its release's conditions.",
    },
    'video.duration_max': {
      value: { maxFrames: 36_000, passthrough: MASTODON_PASSTHROUGH },
      unit: 'frames',
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [MSRC],
    },
    'audio.codec': {
      value: { accept: [], applies: 'audio_only' },
      severity: 'info',
      platformError: null,
      action: null,
      source: [MSRC, MDOC],
    },
    'post.carousel_size': {
      value: { max: 4 },
      unit: 'attachments',
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC],
    },
    'post.media_mix': {
      value: { alone: ['video', 'audio'], silentVideoMixes: true },
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC, MDOC],
    },
    'post.caption_length': {
      // status_length_validator.rb joins spoiler_text with the text before counting.
      value: { max: 500, counting: 'mastodon', urlLength: 23, withSpoilerText: true },
      unit: 'characters',
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC],
    },
    'post.alt_text_length': {
      value: { max: 10_000 }, // from 4.6 (#39306); 1,500 before
      unit: 'characters',
      severity: 'error',
      platformError: '422',
      action: 'fix_input',
      source: [MSRC, MDOC],
    },
    'post.instance_limits': {
      value: null,
      severity: 'warning',
      platformError: null,
      action: 'retry_later',
      source: [PF],
    },
    ...mastodonFetchRules,
  },
} as const satisfies TargetDef
