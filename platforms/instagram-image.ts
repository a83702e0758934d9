// Instagram's image rows (PLATFORM-RULES.md §1), shared by the feed, carousel and Story targets.
import type { TargetRules } from '../src/rule-types.js'
import { IGCP, IGERR, IGM, PF, S_IG } from './sources.js'

export const instagramImageRules = {
  'media.unknown_type': {
    value: {},
    severity: 'error',
    platformError: '2207023',
    action: 'fix_input',
    source: [S_IG],
  },
  'media.corrupt': {
    value: null,
    severity: 'error',
    platformError: '2207005',
    action: 'fix_input',
    tiers: { video: { platformError: '2207053' } },
    source: [PF, S_IG],
  },
  'image.format': {
    value: { accept: ['jpeg'], warn: ['png'], stereo: 'flag', multiPicture: 'warn' },
    severity: 'error',
    platformError: '2207005',
    action: 'fix_input',
    tiers: { warn: { severity: 'warning' } },
    source: [IGM, IGCP, S_IG],
    note: "Meta's spec names JPEG only; PNG is accepted in practice and by the seed reference, so it is a warning.",
  },
  'image.animated': {
    value: { png: 'flag' },
    severity: 'warning',
    platformError: '2207005',
    action: 'fix_input',
    source: [PF],
  },
  'image.file_size': {
    value: { max: 8_388_608, warnAbove: 8_000_000 },
    unit: 'B',
    severity: 'error',
    platformError: '2207004',
    action: 'fix_input',
    tiers: { near: { severity: 'warning' } },
    source: [IGM, IGERR],
    note: 'Meta writes "8 MB" in its spec and "8 MiB" in error 2207004: files between the two are at risk.',
  },
  'image.aspect_ratio': {
    value: { min: { w: 4, h: 5 }, max: { w: 191, h: 100 } },
    severity: 'error',
    platformError: '2207009',
    action: 'fix_input',
    source: [IGM, IGERR],
  },
  'image.min_width': {
    value: { min: 320 },
    unit: 'px',
    severity: 'warning',
    platformError: null,
    action: 'fix_input',
    source: [IGM],
  },
  'image.max_width': {
    value: { max: 1440 },
    unit: 'px',
    severity: 'warning',
    platformError: null,
    action: 'fix_input',
    source: [IGM],
  },
  'image.color_space': {
    value: { required: 'srgb' },
    severity: 'warning',
    platformError: null,
    action: 'fix_input',
    source: [IGM],
  },
} as const satisfies TargetRules
