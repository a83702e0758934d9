// bluesky: a Bluesky post with images or a video (app.bsky.embed.images / .video), PLATFORM-RULES-MORE.md §11.
import type { TargetDef } from '../src/rule-types.js'
import { uploadFetchRules } from './meta-fetch.js'
import { AYRB, BSAPP, BSBLOG, BSLH, BSLX, BSPDS, PF } from './sources.js'

const error = { severity: 'error', action: 'fix_input' } as const
// createRecord validates every blob against the lexicon: a broken rule fails the whole post.
const record = { ...error, platformError: 'InvalidRecord' } as const
// The video service's job status (app.bsky.video.getJobStatus `failureCode`), seen only after upload.
const job = { ...error, platformError: 'validation_failure' } as const
const LEXICON_BY_VERSION =
  'Bluesky raised this limit recently; self-hosted PDSes and older clients still refuse above the previous one (PLATFORM-RULES-MORE.md §D N19).'

export const bluesky = {
  name: 'bluesky',
  site: 'Bluesky',
  platform: 'bluesky',
  rules: {
    'media.kind': { value: { allowed: ['image', 'video'] }, ...record, source: [BSLX, BSPDS] },
    'media.unknown_type': { value: {}, ...record, source: [BSLX, BSPDS] },
    'media.corrupt': {
      value: null,
      ...error,
      platformError: null,
      tiers: { video: { platformError: 'validation_failure' } },
      source: [PF, BSPDS],
    },
    'image.format': {
      // Anything sharp reads is `image/*`, which the lexicon accepts; only these four render everywhere.
      value: { accept: ['jpeg', 'png', 'webp', 'gif'], warn: [], stereo: 'pass', multiPicture: 'pass' },
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [PF, BSAPP],
    },
    'image.file_size': {
      value: { max: 2_000_000, warnAbove: 1_000_000 },
      unit: 'B',
      ...record,
      tiers: { near: { severity: 'warning', platformError: 'BlobTooLarge' } },
      source: [BSLX, BSPDS, BSLH],
      note: LEXICON_BY_VERSION,
    },
    'image.animated': {
      value: { gif: 'flag', webp: 'flag', png: 'flag' },
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      source: [BSAPP, BSLX],
      note: "An image embed is shown still; Bluesky's own app sends a GIF to the video service instead.",
    },
    'image.max_width': {
      value: { max: 4_000, side: 'long' },
      unit: 'px',
      severity: 'info',
      platformError: null,
      action: null,
      source: [BSAPP],
    },
    'video.no_video_stream': { value: null, ...job, source: [PF] },
    'video.container': { value: { accept: ['mp4', 'mpg', 'webm', 'mov'] }, ...job, source: [BSAPP, BSBLOG] },
    'video.file_size': {
      value: { max: 300_000_000, warnAbove: 100_000_000 },
      unit: 'B',
      ...record,
      tiers: { near: { severity: 'warning', platformError: 'pds_upload_unsupported_blob_size' } },
      source: [BSLX, BSAPP, BSLH],
      note: LEXICON_BY_VERSION,
    },
    'video.duration_max': {
      value: { max: 600, warnAbove: 180 },
      unit: 's',
      ...job,
      tiers: { near: { severity: 'warning' } },
      source: [BSAPP, BSBLOG],
      note: "Bluesky's app allows 10 minutes; the video service's limit is undocumented and was 3 minutes from 2025-03 (PLATFORM-RULES-MORE.md §D N20).",
    },
    'video.duration_min': { value: { min: 1 }, unit: 's', ...job, severity: 'warning', source: [AYRB] },
    'video.aspect_ratio': {
      value: { min: { w: 1, h: 3 }, max: { w: 3, h: 1 } },
      ...job,
      severity: 'warning',
      source: [AYRB],
    },
    'post.carousel_size': { value: { max: 4 }, unit: 'images', ...record, source: [BSLX] },
    'post.media_mix': { value: { alone: ['video'], silentVideoMixes: false }, ...record, source: [BSLX] },
    'post.caption_length': {
      value: { max: 300, counting: 'graphemes', maxBytes: 3_000 },
      unit: 'characters',
      ...record,
      source: [BSLX, BSAPP],
    },
    'post.alt_text_length': {
      value: { max: 2_000, counting: 'graphemes', video: { max: 1_000, maxBytes: 10_000 } },
      unit: 'characters',
      severity: 'warning',
      platformError: null,
      action: 'fix_input',
      tiers: { video: { platformError: 'InvalidRecord' } },
      source: [BSLX, BSAPP, BSLH],
      note: "The lexicon sets no image alt text limit (Bluesky's app caps it at 2,000); the video limit was removed on 2026-08-14.",
    },
    ...uploadFetchRules,
  },
} as const satisfies TargetDef
