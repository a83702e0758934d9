// Bit rates of a fixed video: x264's quality, capped (VBV) below the bit-rate limit and, when a file-size
// limit binds, below what fits that size; the audio kept or re-encoded within the audio limits. Pure.
import type { MediaFacts } from '../facts.js'
import type { VideoNeeds } from './needs.js'

export interface RatePlan {
  crf: number
  /** bit/s; absent: quality alone decides. */
  maxrate?: number
  bufsize?: number
  /** The size limit, not the bit-rate limit, sets `maxrate`. */
  sizeBound: boolean
}

export type AudioPlan =
  { kind: 'none' } | { kind: 'copy' } | { kind: 'aac'; bitrate: number; sampleRate?: number; channels?: number }

// Margins: the stream's own bit rate under the limit, and the container's overhead inside the file size.
const BITRATE_MARGIN = 0.9
const SIZE_MARGIN = 0.95
// The VBV buffer, in seconds of `maxrate`: the whole file holds at most (duration + this) × maxrate bits.
const BUFFER_S = 2
const AAC_BITRATE = 128_000
// A size bound looser than this no x264 encode at these qualities comes near (H.264 level 5.2 High allows 240 Mbit/s),
// and its VBV buffer would overflow x264's option range (a short clip under X's 512 MB): it is left out.
const LOOSEST_BOUND = 240_000_000

export function videoRate(
  media: MediaFacts,
  needs: VideoNeeds,
  durationS: number,
  encode: boolean,
): { rate: RatePlan; audio: AudioPlan } {
  const audio = audioPlan(media, needs.audio)
  const audioBps =
    audio.kind === 'none' ? 0 : audio.kind === 'copy' ? (media.audio?.bitrate ?? AAC_BITRATE) : audio.bitrate
  if (!encode) return { rate: { crf: 20, sizeBound: false }, audio }
  const byBitrate = needs.maxBitrate !== undefined ? Math.floor(needs.maxBitrate * BITRATE_MARGIN) : undefined
  const fitting =
    needs.maxBytes !== undefined && durationS > 0
      ? Math.floor((needs.maxBytes * 8 * SIZE_MARGIN - audioBps * durationS) / (durationS + BUFFER_S))
      : undefined
  const bySize = fitting !== undefined && fitting <= LOOSEST_BOUND ? fitting : undefined
  const sizeBound = bySize !== undefined && (byBitrate === undefined || bySize < byBitrate)
  const maxrate = sizeBound ? Math.max(100_000, bySize) : byBitrate
  if (maxrate === undefined) return { rate: { crf: 20, sizeBound }, audio }
  return { rate: { crf: sizeBound ? 23 : 20, maxrate, bufsize: maxrate * BUFFER_S, sizeBound }, audio }
}

function audioPlan(media: MediaFacts, limits: VideoNeeds['audio']): AudioPlan {
  const audio = media.audio
  if (!audio || media.kind !== 'video') return { kind: 'none' }
  const maxRate = limits.maxSampleRate ?? 48_000
  const maxChannels = limits.maxChannels ?? 2
  const maxBitrate = limits.maxBitrate ?? Infinity
  const fits =
    audio.codec === 'aac' &&
    (audio.sampleRate ?? 0) <= maxRate &&
    (audio.channels ?? 0) <= maxChannels &&
    (audio.bitrate ?? 0) <= maxBitrate
  if (fits) return { kind: 'copy' }
  return {
    kind: 'aac',
    bitrate: Math.min(AAC_BITRATE, Math.floor(maxBitrate * SIZE_MARGIN)),
    ...((audio.sampleRate ?? 0) > maxRate ? { sampleRate: Math.min(48_000, maxRate) } : {}),
    ...((audio.channels ?? 0) > maxChannels ? { channels: Math.min(2, maxChannels) } : {}),
  }
}
