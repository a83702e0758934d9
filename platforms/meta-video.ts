// Video and audio rows shared by the Meta targets (PLATFORM-RULES.md §3, reused by §2, §4 and §5), labelled per platform.
import type { Source } from '../src/limits.js'
import type { TargetRules } from '../src/rule-types.js'
import { IGM, PF, S_IG, S_TH, THP } from './sources.js'

interface VideoCodes {
  /** Container, moov, edit list, missing picture, frame rate, width, bitrate, size. */
  format: string
  /** Codec, profile, colour, chroma, interlacing, and the audio codec, rate and channels. */
  codec: string
  duration: string
  ratio: string
  /** The spec the numbers come from, and the seed the codes come from. */
  spec: Source
  seed: Source
}

export const INSTAGRAM_VIDEO_CODES: VideoCodes = {
  format: '2207026',
  codec: '2207026',
  duration: '2207026',
  ratio: '2207009',
  spec: IGM,
  seed: S_IG,
}
export const THREADS_VIDEO_CODES: VideoCodes = {
  format: 'video format',
  codec: 'video codec',
  duration: 'duration exceed',
  ratio: 'video format',
  spec: THP,
  seed: S_TH,
}

const AT_RISK =
  "Not in Meta's spec: a known source of failures and colour shifts, so a warning (PLATFORM-RULES.md §9 S5)."

/** The Reels rows (§3); other Meta targets replace the ratio, duration and size rows. */
export function metaVideoRules({ format, codec, duration, ratio, spec, seed }: VideoCodes) {
  const error = { severity: 'error', action: 'fix_input' } as const
  return {
    'video.container': {
      value: { accept: ['mp4', 'mov', 'm4v'] },
      ...error,
      platformError: format,
      source: [spec, seed],
    },
    'video.no_video_stream': { value: null, ...error, platformError: format, source: [spec] },
    'video.codec': { value: { accept: ['h264', 'hevc'] }, ...error, platformError: codec, source: [spec, seed] },
    'video.chroma_subsampling': { value: { accept: ['4:2:0'] }, ...error, platformError: codec, source: [spec] },
    'video.profile': {
      value: { maxBitDepth: 8 },
      severity: 'warning',
      action: 'fix_input',
      platformError: codec,
      source: [PF],
      note: AT_RISK,
    },
    'video.color': {
      value: { transfers: ['smpte2084', 'arib-std-b67'], primaries: ['bt2020'], fullRange: true },
      severity: 'warning',
      action: 'fix_input',
      platformError: codec,
      source: [PF],
      note: AT_RISK,
    },
    'video.interlaced': { value: null, ...error, platformError: codec, source: [spec] },
    'video.frame_rate': { value: { min: 23, max: 60 }, unit: 'fps', ...error, platformError: format, source: [spec] },
    'video.width_max': {
      value: { max: 1920 },
      unit: 'px',
      ...error,
      platformError: format,
      source: [spec, PF],
      note: 'Meta states a maximum width for video and, unlike images, no scaling: an error (PLATFORM-RULES.md §9 S4).',
    },
    'video.aspect_ratio': {
      value: { min: { w: 1, h: 100 }, max: { w: 10, h: 1 }, recommended: { w: 9, h: 16 }, tolerance: 0.01 },
      ...error,
      platformError: ratio,
      tiers: { not_recommended: { severity: 'info', platformError: null, action: null } },
      source: [spec, seed],
    },
    'video.bitrate': { value: { max: 25_000_000 }, unit: 'bit/s', ...error, platformError: format, source: [spec, PF] },
    'video.duration_min': { value: { min: 3 }, unit: 's', ...error, platformError: format, source: [spec] },
    'video.duration_max': {
      value: { max: 900 },
      unit: 's',
      ...error,
      platformError: duration,
      source: [spec],
      note: 'Sources disagree (60 s, 90 s, 15 min); the newest Meta spec says 15 minutes (PLATFORM-RULES.md §9 D4).',
    },
    'video.file_size': {
      value: { max: 314_572_800, warnAbove: 300_000_000 },
      unit: 'B',
      ...error,
      platformError: format,
      tiers: { near: { severity: 'warning' } },
      source: [spec],
      note: 'Meta writes "300 MB": files between 300,000,000 B and 300 MiB are at risk (PLATFORM-RULES.md §9 D5).',
    },
    'video.moov_position': { value: null, ...error, platformError: format, source: [spec] },
    'video.edit_list': {
      value: { primingMaxS: 0.5 },
      ...error,
      platformError: format,
      tiers: { single: { severity: 'warning' } },
      source: [spec, PF],
      note: "Meta asks for no edit list; most encoders write one entry for audio priming or B-frame delay, so a single entry starting within 0.5 s (preflight's threshold) is a warning (PLATFORM-RULES.md §9 S2).",
    },
    'audio.codec': {
      value: { accept: ['aac'], profiles: ['LC', 'HE-AAC', 'HE-AACv2'], applies: 'in_video' },
      ...error,
      platformError: codec,
      source: [spec],
    },
    'audio.sample_rate': { value: { max: 48_000 }, unit: 'Hz', ...error, platformError: codec, source: [spec] },
    'audio.channels': { value: { min: 1, max: 2 }, ...error, platformError: codec, source: [spec] },
    'audio.bitrate': {
      value: { max: 128_000 },
      unit: 'bit/s',
      severity: 'warning',
      action: 'fix_input',
      platformError: null,
      source: [spec],
    },
  } as const satisfies TargetRules
}
