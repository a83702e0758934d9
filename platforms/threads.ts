// threads: a Threads post of an image, a video or a carousel, PLATFORM-RULES.md §5.
import type { TargetDef } from '../src/rule-types.js'
import { fetchRules, THREADS_FETCH_CODES } from './meta-fetch.js'
import { metaVideoRules, THREADS_VIDEO_CODES } from './meta-video.js'
import { IGCP, PF, S_TH, THO, THP, THT } from './sources.js'

// Threads has no minimum duration beyond a readable one (zero length is media.corrupt).
const { 'video.duration_min': _noMinimum, ...threadsVideoRules } = metaVideoRules(THREADS_VIDEO_CODES)

export const threads = {
  name: 'threads',
  site: 'Threads',
  platform: 'threads',
  rules: {
    'media.kind': {
      value: { allowed: ['image', 'video'] },
      severity: 'error',
      platformError: 'video format',
      action: 'fix_input',
      source: [THP],
    },
    'media.unknown_type': {
      value: {},
      severity: 'error',
      platformError: 'media processing',
      action: 'fix_input',
      source: [THT, S_TH],
    },
    'media.corrupt': {
      value: null,
      severity: 'error',
      platformError: 'media processing',
      action: 'fix_input',
      source: [THT, S_TH],
    },
    'image.format': {
      value: { accept: ['jpeg', 'png'], warn: [], stereo: 'warn', multiPicture: 'pass' },
      severity: 'error',
      platformError: null,
      action: 'fix_input',
      tiers: { warn: { severity: 'warning' } },
      source: [THP, IGCP],
    },
    'image.animated': {
      value: { png: 'flag' },
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [PF],
    },
    'image.file_size': {
      value: { max: 8_388_608, warnAbove: 8_000_000 },
      unit: 'B',
      severity: 'error',
      platformError: null,
      action: 'fix_input',
      tiers: { near: { severity: 'warning' } },
      source: [THP],
      note: 'Meta writes "8 MB": files between 8,000,000 B and 8 MiB are at risk.',
    },
    'image.aspect_ratio': {
      value: { min: { w: 1, h: 10 }, max: { w: 10, h: 1 } },
      severity: 'error',
      platformError: null,
      action: 'fix_input',
      source: [THP],
    },
    'image.min_width': {
      value: { min: 320 },
      unit: 'px',
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [THP],
    },
    'image.max_width': {
      value: { max: 1440 },
      unit: 'px',
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [THP],
    },
    'image.color_space': {
      value: { required: 'srgb' },
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [THP],
    },
    ...threadsVideoRules,
    'video.aspect_ratio': {
      value: { min: { w: 1, h: 100 }, max: { w: 10, h: 1 } },
      severity: 'error',
      platformError: 'video format',
      action: 'fix_input',
      source: [THP, S_TH],
    },
    'video.bitrate': {
      value: { max: 100_000_000 },
      unit: 'bit/s',
      severity: 'error',
      platformError: 'video format',
      action: 'fix_input',
      source: [THP, THO],
      note: 'Threads documented 25 Mbps until 2024-09 and 100 Mbps since (PLATFORM-RULES.md §9 D6).',
    },
    'video.duration_max': { value: { max: 300 }, unit: 's', severity: 'error', platformError: 'duration exceed', action: 'fix_input', source: [THP, S_TH] },
    'video.file_size': {
      value: { max: 1_073_741_824, warnAbove: 1_000_000_000 },
      unit: 'B',
      severity: 'error',
      platformError: 'video format',
      action: 'fix_input',
      tiers: { near: { severity: 'warning' } },
      source: [THP],
      note: 'Meta writes "1 GB": files between 1,000,000,000 B and 1 GiB are at risk.',
    },
    ...fetchRules(THREADS_FETCH_CODES),
  },
} as const satisfies TargetDef
