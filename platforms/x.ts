// x: an X post of up to 4 images, or 1 GIF, or 1 video (media upload, then post create), PLATFORM-RULES-MORE.md §5.
import type { TargetDef } from '../src/rule-types.js'
import { uploadFetchRules } from './meta-fetch.js'
import { PF, XBP, XGH, XMD, XMI, XTT } from './sources.js'

const error = { severity: 'error', action: 'fix_input' } as const
const invalid = { ...error, platformError: 'InvalidMedia' } as const
// X refuses at post create, not at upload, a media id whose processing it cannot use.
const MEDIA_IDS = '400 Your media IDs are invalid.'

export const x = {
  name: 'x',
  site: 'X',
  platform: 'x',
  rules: {
    'media.kind': { value: { allowed: ['image', 'video'] }, ...invalid, source: [XBP, PF] },
    'media.unknown_type': { value: {}, ...invalid, source: [XGH] },
    'media.corrupt': { value: null, ...invalid, source: [XGH] },
    'image.format': {
      value: { accept: ['jpeg', 'png', 'gif', 'webp'], warn: [], stereo: 'pass', multiPicture: 'pass' },
      ...error,
      platformError: '400',
      source: [XBP],
    },
    'image.file_size': {
      value: { max: 5_242_880, warnAbove: 5_000_000, byFormat: { gif: { max: 15_728_640, warnAbove: 15_000_000 } } },
      unit: 'B',
      ...error,
      platformError: '400',
      tiers: { near: { severity: 'warning' } },
      source: [XBP, XMI],
      note: 'X writes "5 MB" and "15 MB" (GIF): files between the decimal and the binary figure are at risk.',
    },
    'image.pixels': {
      value: { gifBox: { width: 1_280, height: 1_080, frames: 350, total: 300_000_000 } },
      severity: 'warning',
      platformError: 'InvalidMedia',
      action: 'fix_input',
      source: [XBP],
      note: 'X says a GIF beyond these may fail during post creation even within the file size limit.',
    },
    'video.container': {
      value: { accept: ['mp4', 'mov'] },
      ...invalid,
      source: [XBP, XGH],
      note: 'X lists no container; MP4 and MOV are what its chunked upload takes (PLATFORM-RULES-MORE.md §D N8).',
    },
    'video.no_video_stream': { value: null, ...invalid, source: [XBP, PF] },
    'video.codec': {
      value: { accept: ['h264'], warn: ['hevc'] },
      ...invalid,
      tiers: { warn: { severity: 'warning' } },
      source: [XBP, XGH, PF],
    },
    'video.frame_rate': { value: { max: 60 }, unit: 'fps', ...error, platformError: MEDIA_IDS, source: [XBP, XGH] },
    'video.pixels': {
      value: { box: { long: 1_920, short: 1_200 }, warnBox: { long: 1_280, short: 1_024 }, minSide: 32 },
      unit: 'px',
      ...error,
      platformError: MEDIA_IDS,
      tiers: { near: { severity: 'warning' } },
      source: [XBP, XGH],
      note: 'X documents 1280x1024 and allows 1080p to subscribers; 1920x1200 is the largest seen accepted (PLATFORM-RULES-MORE.md §D N9).',
    },
    'video.aspect_ratio': { value: { min: { w: 1, h: 3 }, max: { w: 3, h: 1 } }, ...invalid, source: [XBP] },
    'video.sample_aspect_ratio': { value: null, ...invalid, source: [XBP] },
    'video.chroma_subsampling': { value: { accept: ['4:2:0'] }, ...invalid, source: [XBP] },
    'video.profile': { value: { maxBitDepth: 8 }, ...invalid, severity: 'warning', source: [PF] },
    'video.interlaced': { value: null, ...invalid, source: [XBP] },
    'audio.codec': { value: { accept: ['aac'], profiles: ['LC'], applies: 'in_video' }, ...invalid, source: [XBP] },
    'audio.channels': { value: { min: 1, max: 2 }, ...invalid, source: [XBP] },
    'video.duration_min': { value: { min: 0.5 }, unit: 's', ...invalid, source: [XBP] },
    'video.duration_max': {
      value: { max: 1_200, premiumMax: 7_500, warnAbove: 140 },
      unit: 's',
      ...error,
      platformError: '403 This user is not allowed to post a video longer than N minutes',
      tiers: { near: { severity: 'warning' } },
      source: [XBP],
      note: 'X allows 20 min (Premium 125 min, with xPremium); 140 s applied to all accounts before and still to some (PLATFORM-RULES-MORE.md §D N10).',
    },
    'video.file_size': {
      value: { max: 8_589_934_592, premiumMax: 17_179_869_184, warnAbove: 536_870_912 },
      unit: 'B',
      ...error,
      platformError: '400',
      tiers: { near: { severity: 'warning' } },
      source: [XBP, XMI],
      note: 'X allows 8 GB (Premium 16 GB, with xPremium); its older pages say 512 MB (PLATFORM-RULES-MORE.md §D N10).',
    },
    'post.carousel_size': { value: { max: 4 }, unit: 'items', ...error, platformError: '400', source: [XBP] },
    'post.media_mix': {
      value: { alone: ['video', 'gif'], silentVideoMixes: false },
      ...error,
      platformError: '400',
      source: [XBP],
    },
    'post.caption_length': {
      value: { max: 280, counting: 'x_weighted' },
      unit: 'weighted characters',
      ...error,
      platformError: null,
      source: [XTT],
      note: 'Premium long posts are not modelled: 280 applies to every account (PLATFORM-RULES-MORE.md §D N11).',
    },
    'post.alt_text_length': {
      value: { max: 1_000, imagesOnly: 'note' },
      unit: 'characters',
      ...error,
      platformError: '400',
      tiers: { not_sent: { severity: 'info', platformError: null, action: null } },
      source: [XMD],
    },
    ...uploadFetchRules,
  },
} as const satisfies TargetDef
