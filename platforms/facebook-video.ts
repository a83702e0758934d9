// Facebook Reels video rows (PLATFORM-RULES-MORE.md §3), shared by facebook.reels and the video items of facebook.stories.
import type { TargetRules } from '../src/rule-types.js'
import { FACEBOOK_VIDEO } from '../src/messages/fixes.js'
import { AYRF, FBRL, FBVE, FBVP, PF } from './sources.js'

const error = { severity: 'error', platformError: null, action: 'fix_input' } as const
const warning = { ...error, severity: 'warning' } as const
const info = { severity: 'info', platformError: null, action: null } as const
const AT_RISK = 'Not in the Reels spec: a known source of failures and colour shifts, so a warning.'

export const facebookVideoRules = {
  'media.unknown_type': {
    value: {},
    ...error,
    platformError: '6000',
    source: [FBVE],
    fix: FACEBOOK_VIDEO,
  },
  'video.container': {
    value: { accept: ['mp4', 'm4v'], warn: ['mov'] },
    ...error,
    tiers: { warn: { severity: 'warning' } },
    source: [FBRL, FBVP],
    note: 'Meta recommends MP4 and its uploads take video/mp4: MOV is a warning, any other container an error.',
  },
  'video.no_video_stream': { value: null, ...error, source: [FBRL] },
  'video.codec': { value: { accept: ['h264', 'hevc', 'vp9', 'av1'] }, ...error, source: [FBRL], fix: FACEBOOK_VIDEO },
  'video.chroma_subsampling': { value: { accept: ['4:2:0'] }, ...error, source: [FBRL] },
  'video.profile': { value: { maxBitDepth: 8 }, ...warning, source: [PF], note: AT_RISK },
  'video.color': {
    value: { transfers: ['smpte2084', 'arib-std-b67'], primaries: ['bt2020'], fullRange: true },
    ...warning,
    source: [PF],
    note: AT_RISK,
  },
  'video.interlaced': { value: null, ...error, source: [FBRL] },
  'video.frame_rate': {
    value: { min: 24, max: 60, nearMin: 23.97 },
    unit: 'fps',
    ...error,
    tiers: { near: { severity: 'warning' } },
    source: [FBRL],
    note: 'Meta asks for 24 to 60 fps; NTSC film rate (23.976) is common, so 23.97 up to 24 is a warning.',
  },
  'video.frame_rate_mode': { value: { maxDiffPercent: 1 }, ...warning, source: [FBRL] },
  'video.min_dimensions': {
    value: { minWidth: 540, minHeight: 960 },
    unit: 'px',
    ...error,
    source: [FBRL],
    fix: FACEBOOK_VIDEO,
  },
  'video.aspect_ratio': {
    value: { recommended: { w: 9, h: 16 }, tolerance: 0.01 },
    ...warning,
    tiers: { not_recommended: { severity: 'warning' } },
    source: [FBRL],
    note: 'Meta asks for 9:16 and states no tolerance or refusal: other ratios are a warning.',
    fix: FACEBOOK_VIDEO,
  },
  'video.duration_min': { value: { min: 3 }, unit: 's', ...error, source: [FBRL] },
  'video.duration_max': { value: { max: 90 }, unit: 's', ...error, source: [FBRL] },
  'video.file_size': {
    value: { max: 2_147_483_648, warnAbove: 1_000_000_000 },
    unit: 'B',
    ...error,
    platformError: '1363023',
    tiers: { near: { severity: 'warning' } },
    source: [FBVE, AYRF],
    note: 'Meta (2020) says 2 GB; a third party says 1 GB for Reels: files over 1,000,000,000 B are at risk.',
  },
  'audio.codec': {
    value: { accept: ['aac'], profiles: ['LC'], applies: 'in_video' },
    ...warning,
    source: [FBRL],
  },
  'audio.sample_rate': { value: { min: 48_000, max: 48_000 }, unit: 'Hz', ...info, source: [FBRL] },
  'audio.channels': { value: { min: 1, max: 2 }, ...warning, source: [FBRL] },
  'audio.bitrate': { value: { min: 128_000 }, unit: 'bit/s', ...info, source: [FBRL] },
} as const satisfies TargetRules
