// H.264 or HEVC with AAC in MP4 or QuickTime, read from the moov box alone, in ffprobe's own terms; null wherever ffprobe must decide.
//
// ffprobe costs a process and a decoded frame (15-35 ms at 1080p-4K, more under load); the moov box
// holds every fact the checks use for the common case. Each figure follows ffmpeg's mov demuxer and
// its decoders; test/readers/mp4-streams.test.ts holds the two to the same answer on every sample.
import { readAacConfig, readEsds } from './codec/aac-config.js'
import type { Rational, VideoSignal } from './codec/vui.js'
import { pictureOf } from './codec/picture.js'
import type { BoxFacts } from './mp4-boxes.js'
import { movieDoubt, trackDoubt } from './mp4-checks.js'
import { movieTiming, trackInfo, type Samples, type Timing, type TrackInfo } from './mp4-tracks.js'
import type { ProbeOutput, ProbeStream } from './ffprobe-output.js'

// ffmpeg's names for ISO/IEC 23091-2 code points (libavutil/pixdesc.c); 2 is "unspecified".
const PRIMARIES: Record<number, string> = {
  1: 'bt709',
  4: 'bt470m',
  5: 'bt470bg',
  6: 'smpte170m',
  7: 'smpte240m',
  8: 'film',
  9: 'bt2020',
  10: 'smpte428',
  11: 'smpte431',
  12: 'smpte432',
}
const TRANSFERS: Record<number, string> = {
  1: 'bt709',
  4: 'gamma22',
  5: 'gamma28',
  6: 'smpte170m',
  7: 'smpte240m',
  8: 'linear',
  9: 'log100',
  10: 'log316',
  11: 'iec61966-2-4',
  12: 'bt1361e',
  13: 'iec61966-2-1',
  14: 'bt2020-10',
  15: 'bt2020-12',
  16: 'smpte2084',
  17: 'smpte428',
  18: 'arib-std-b67',
}
const UNSPECIFIED = 2
const AAC_LC = 2
const MPEG4_AUDIO = 0x40
// channelConfiguration → channels (ISO/IEC 14496-3 Table 1.19); 0 (a program config element) is left to ffprobe.
const CHANNELS: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 8 }
const MOV_FORMAT_NAME = 'mov,mp4,m4a,3gp,3g2,mj2'
// ffmpeg's stream analysis (see baseDelta): at most 5 s of packets, with a second of margin here; a
// time base it calls unreliable, whose rate it derives from packet deltas, is finer than 1/101 s.
const ANALYSED_SECONDS = 6
const FINE_TIMESCALE = 101

/** ffprobe's answer for the entries preflight asks for, or null when the file is not one this reader vouches for. */
export function probeFromBoxes(boxes: BoxFacts, sizeBytes: number): ProbeOutput | null {
  if (boxes.problems.length > 0 || boxes.doubts.length > 0 || movieDoubt(boxes.mvhd)) return null
  if (boxes.tracks.some((t) => trackDoubt(t, boxes.media) !== null)) return null
  const movie = movieTiming(boxes.mvhd)
  const tracks = boxes.tracks.map(trackInfo)
  const video = tracks.find((t) => t.handler === 'vide')
  const audio = tracks.find((t) => t.handler === 'soun')
  if (!movie || !video) return null // audio-only files: ffprobe's format figures differ, and they are rare
  const videoStream = videoOf(video, movie)
  const audioStream = audio ? audioOf(audio, movie) : null
  if (!videoStream || (audio && !audioStream)) return null
  // ffmpeg's format duration: from the earliest track start to the latest track end.
  const starts = tracks.map((t) => startOf(t, movie))
  const spans = tracks.map((t) => span(t, movie))
  if (starts.some((s) => s === null) || spans.some((s) => s === null)) return null
  const first = Math.min(...(starts as number[]))
  const duration = Math.max(...spans.map((s, i) => starts[i]! + s!)) - first
  if (!(duration > 0)) return null
  return {
    format: {
      format_name: MOV_FORMAT_NAME,
      duration: seconds(duration),
      bit_rate: String(Math.floor((sizeBytes * 8) / duration)),
    },
    streams:
      audioStream && audio!.index < video.index
        ? [audioStream, videoStream]
        : audioStream
          ? [videoStream, audioStream]
          : [videoStream],
  }
}

function videoOf(track: TrackInfo, movie: Timing): ProbeStream | null {
  const { entry, samples, media } = track
  if (!entry || !samples || !media?.duration) return null
  const picture = pictureOf(entry.format, entry.boxes)
  const colour = picture && colourOf(picture.signal, entry.boxes.get('colr'))
  const rotation = rotationOf(track.matrix)
  const presented = span(track, movie)
  const base = baseDelta(samples, media.timescale)
  if (!picture || !colour || rotation === null || presented === null || base === null) return null
  const pasp = entry.boxes.get('pasp')
  const boxSar = pasp ? sampleAspect(pasp) : null
  if (pasp && !boxSar) return null
  const sar = boxSar ?? picture.sar
  return {
    codec_type: 'video',
    codec_name: picture.codec,
    profile: picture.profile,
    pix_fmt: picture.pixelFormat(colour.color_range === 'pc'),
    ...(picture.bitsPerRawSample === null ? {} : { bits_per_raw_sample: String(picture.bitsPerRawSample) }),
    width: picture.width,
    height: picture.height,
    sample_aspect_ratio: sar && sar.num > 0 && sar.den > 0 ? ratio(sar, ':') : undefined,
    avg_frame_rate: ratio({ num: media.timescale * samples.timed, den: samples.ticks }, '/'),
    r_frame_rate: ratio({ num: media.timescale, den: base }, '/'),
    nb_frames: String(samples.sized),
    duration: seconds(presented),
    bit_rate: String(Math.floor((samples.bytes * 8 * media.timescale) / media.duration)),
    field_order: 'progressive',
    ...colour,
    ...(rotation === 0 ? {} : { side_data_list: [{ rotation }] }),
  }
}

function audioOf(track: TrackInfo, movie: Timing): ProbeStream | null {
  const { entry, samples, media } = track
  const esds = entry?.format === 'mp4a' ? entry.boxes.get('esds') : undefined
  const config = esds && esds.length > 4 ? readEsds(esds.subarray(4)) : null
  const aac = config?.objectType === MPEG4_AUDIO && config.specific ? readAacConfig(config.specific) : null
  const channels = aac ? CHANNELS[aac.channelConfig] : undefined
  const presented = span(track, movie)
  // Only plain AAC-LC: SBR and PS change the rate and channels the decoder reports.
  if (!aac || aac.audioObjectType !== AAC_LC || !channels || !samples || !media?.duration || presented === null)
    return null
  return {
    codec_type: 'audio',
    codec_name: 'aac',
    profile: 'LC',
    sample_rate: String(aac.sampleRate),
    channels,
    duration: seconds(presented),
    bit_rate: String(Math.floor((samples.bytes * 8 * media.timescale) / media.duration)),
  }
}

/**
 * The frame duration behind ffprobe's real frame rate (r_frame_rate). mov sets it when one delta runs
 * throughout (a last frame may differ). Otherwise ffmpeg derives it from the deltas of the packets it
 * analyses (the first seconds, at most 5 s) when the time base is finer than 1/101 s: their gcd, which
 * is the first delta when the first run outlasts that window. Anything else is left to ffprobe.
 */
function baseDelta(samples: Samples, timescale: number): number | null {
  const delta = samples.firstDelta
  if (delta === 0) return null
  if (samples.runs === 1 || (samples.runs === 2 && samples.lastRunCount === 1)) return delta
  const regularStart = samples.firstRunCount * delta >= ANALYSED_SECONDS * timescale
  return timescale >= FINE_TIMESCALE && delta > timescale / 500 && regularStart ? delta : null
}

/** Seconds from the movie's start to the track's first frame: its leading empty edits, or without edits its first composition offset. */
function startOf(track: TrackInfo, movie: Timing): number | null {
  const { media, edits, start } = track
  if (!media) return 0
  if (edits && edits.length > 0)
    return edits.filter((e) => e.mediaTime === -1).reduce((sum, e) => sum + e.segment, 0) / movie.timescale
  return start === null ? null : start / media.timescale
}

/**
 * Seconds a track plays after its start: one edit of media after any leading empty edits. As
 * mov_fix_index does, the track's media duration is cut to that edit's segment when the segment is shorter.
 * Null for other edit lists.
 */
function span(track: TrackInfo, movie: Timing): number | null {
  const { media, edits, samples } = track
  if (!media) return 0 // a track without media timing adds nothing
  const whole = media.duration || (samples?.ticks ?? 0)
  if (!edits || edits.length === 0) return whole / media.timescale
  const played = edits.filter((e) => e.mediaTime !== -1)
  if (played.length !== 1 || edits.at(-1)!.mediaTime === -1 || played[0]!.rate !== 1) return null
  const { mediaTime, segment: movieTicks } = played[0]!
  const segment = Math.round((movieTicks * media.timescale) / movie.timescale)
  // ffmpeg keeps whole samples: an edit that starts or ends inside one plays more than the edit says.
  const first = track.start ?? 0
  const fromStart = track.hasOffsets ? mediaTime === first : track.boundary(mediaTime)
  const toEnd = mediaTime + segment >= first + whole || (!track.hasOffsets && track.boundary(mediaTime + segment))
  if (!fromStart || !toEnd) return null
  return Math.min(whole, segment) / media.timescale
}

type Colour = Pick<ProbeStream, 'color_range' | 'color_primaries' | 'color_transfer'>

/**
 * Range, primaries and transfer: the SPS's where it signals them, else the sample entry's `colr` box,
 * as ffmpeg's decoder overrides the demuxer. Null when a code point has no name here.
 */
function colourOf(signal: VideoSignal | null, colr: Buffer | undefined): Colour | null {
  const box = colrBox(colr)
  const range = signal ? (signal.fullRange ? 'pc' : 'tv') : (box?.range ?? 'unknown')
  const primaries = pick(signal?.primaries ?? null, box?.primaries ?? null, PRIMARIES)
  const transfer = pick(signal?.transfer ?? null, box?.transfer ?? null, TRANSFERS)
  if (primaries === null || transfer === null) return null
  return { color_range: range, color_primaries: primaries, color_transfer: transfer }
}

function pick(fromSps: number | null, fromBox: number | null, names: Record<number, string>): string | null {
  const code = fromSps ?? fromBox
  if (code === null || code === UNSPECIFIED) return 'unknown'
  return names[code] ?? null
}

/** `colr` of type nclx (ISO, with a range bit) or nclc (QuickTime, without); ICC profiles carry no code points. */
function colrBox(
  colr: Buffer | undefined,
): { primaries: number; transfer: number; range: 'pc' | 'tv' | 'unknown' } | null {
  if (!colr || colr.length < 10) return null
  const kind = colr.toString('latin1', 0, 4)
  if (kind !== 'nclx' && kind !== 'nclc') return null
  const range = kind === 'nclx' && colr.length >= 11 ? (colr[10]! & 0x80 ? 'pc' : 'tv') : 'unknown'
  return { primaries: colr.readUInt16BE(4), transfer: colr.readUInt16BE(6), range }
}

// ffmpeg reduces a pasp ratio to terms of at most this (av_reduce), approximating any that do not fit.
const MAX_SAR_TERM = 32_767

/** pasp's ratio when ffmpeg keeps it exactly: both terms positive and, reduced, at most 32767; else null. */
function sampleAspect(pasp: Buffer): Rational | null {
  if (pasp.length < 8) return null
  const num = pasp.readUInt32BE(0)
  const den = pasp.readUInt32BE(4)
  const divisor = gcd(num, den)
  if (num === 0 || den === 0 || num / divisor > MAX_SAR_TERM || den / divisor > MAX_SAR_TERM) return null
  return { num, den }
}

/** The display matrix's rotation in ffprobe's sign (counter-clockwise degrees); null for a mirror or a skew. */
function rotationOf(m: TrackInfo['matrix']): number | null {
  if (!m) return 0
  const [a, b, c, d] = m
  const unit = [a, b, c, d].every((v) => v === 0 || v === 1 || v === -1)
  if (!unit || a !== d || b !== -c || a * d - b * c !== 1) return null
  return -Math.round((Math.atan2(b, a) * 180) / Math.PI)
}

function ratio({ num, den }: Rational, separator: string): string {
  const divisor = gcd(num, den) || 1
  return `${num / divisor}${separator}${den / divisor}`
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

const seconds = (s: number): string => s.toFixed(6)
