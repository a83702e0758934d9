// Probe, video and audio: one bounded ffprobe run + the MP4 box reader → stream facts, displayed size.
import { blankMedia, type AudioStreamFacts, type MediaFacts, type VideoStreamFacts } from '../facts.js'
import { ProbeError, runFfprobe, type FfprobeOptions } from '../services/ffprobe.js'
import { readBoxes, type BoxFacts } from '../media/mp4-boxes.js'
import { probeFromBoxes } from '../media/mp4-streams.js'
import type { ProbeOutput, ProbeStream } from '../media/ffprobe-output.js'
import { pixelLayout } from '../media/pixel-format.js'
import type { Sniffed } from './sniff.js'

// Only the entries the checks use: ffprobe skips the rest.
const ENTRIES = [
  'format=format_name,duration,bit_rate',
  'stream=codec_type,codec_name,profile,pix_fmt,bits_per_raw_sample,width,height,sample_aspect_ratio,' +
    'avg_frame_rate,r_frame_rate,nb_frames,bit_rate,sample_rate,channels,field_order,duration,' +
    'color_range,color_transfer,color_primaries',
  'stream_tags=rotate',
  'stream_side_data=rotation',
].join(':')

// ISO BMFF and QuickTime files: the ones whose box tree preflight reads itself.
const BOX_FORMATS = new Set(['mp4', 'mov', 'm4v', 'm4a', '3gp', '3g2', 'f4v'])

export async function probeVideo(
  path: string,
  sniffed: Sniffed,
  sizeBytes: number,
  options: FfprobeOptions,
): Promise<MediaFacts> {
  const base = blankMedia(sniffed, sizeBytes)
  const boxes = sniffed.ext && BOX_FORMATS.has(sniffed.ext) ? await readBoxes(path) : null
  const boxFacts = boxes ? { moovAtFront: boxes.moovAtFront, editLists: boxes.editLists } : {}
  const boxProblem = boxes?.problems[0] ?? null
  // H.264 or HEVC with AAC in MP4/QuickTime is read from moov alone; everything else, or anything that reader cannot vouch for, by ffprobe.
  let output = boxes && options.moovFacts !== false ? fromBoxes(boxes, sizeBytes) : null
  try {
    output ??= (await runFfprobe(path, ['-show_entries', ENTRIES], options)) as ProbeOutput
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error
    const reason =
      error.reason === 'timeout' || error.reason === 'aborted' ? error.message : `ffprobe: ${error.message}`
    return { ...base, ...boxFacts, corrupt: boxProblem ?? reason }
  }
  const streams = output.streams ?? []
  const videoStream = streams.find((s) => s.codec_type === 'video')
  const audioStream = streams.find((s) => s.codec_type === 'audio')
  const durationS = positive(output.format?.duration)
  if (!videoStream && !audioStream)
    return { ...base, ...boxFacts, corrupt: boxProblem ?? 'no audio or video stream could be read' }
  const rotation = rotationOf(videoStream)
  const codedWidth = videoStream?.width ?? null
  const codedHeight = videoStream?.height ?? null
  const swap = rotation === 90 || rotation === 270
  const audio = audioStream ? audioFacts(audioStream, videoStream ? null : positive(output.format?.bit_rate)) : null
  const video = videoStream
    ? videoFacts(videoStream, { sizeBytes, durationS, audioBitrate: audio?.bitrate ?? null })
    : null
  return {
    ...base,
    ...boxFacts,
    container: containerName(sniffed, output.format?.format_name),
    durationS,
    codedWidth,
    codedHeight,
    width: swap ? codedHeight : codedWidth,
    height: swap ? codedWidth : codedHeight,
    rotation,
    video,
    audio,
    corrupt: boxProblem ?? (durationS === null ? 'the file declares no duration' : null),
  }
}

/** The moov reader's answer; should it ever throw on a file it did not foresee, ffprobe answers instead. */
function fromBoxes(boxes: BoxFacts, sizeBytes: number): ProbeOutput | null {
  try {
    return probeFromBoxes(boxes, sizeBytes)
  } catch {
    return null
  }
}

interface Whole {
  sizeBytes: number
  durationS: number | null
  audioBitrate: number | null
}

export function videoFacts(s: ProbeStream, whole: Whole): VideoStreamFacts {
  const layout = pixelLayout(s.pix_fmt ?? null)
  const frames = positive(s.nb_frames)
  const streamDuration = positive(s.duration) ?? whole.durationS
  const fps = frameRate(s.avg_frame_rate) ?? (frames && streamDuration ? round2(frames / streamDuration) : null)
  const realFps = frameRate(s.r_frame_rate)
  const streamBitrate = positive(s.bit_rate)
  return {
    codec: s.codec_name ?? 'unknown',
    profile: s.profile ?? null,
    pixFmt: s.pix_fmt ?? null,
    chroma: layout.chroma,
    bitDepth: positive(s.bits_per_raw_sample) ?? layout.bitDepth,
    fps,
    realFps,
    variableFrameRate: fps !== null && realFps !== null && Math.abs(fps - realFps) > 0.01 * realFps,
    bitrate: streamBitrate ?? computedBitrate(whole),
    bitrateComputed: streamBitrate === null,
    interlaced: ['tt', 'bb', 'tb', 'bt'].includes(s.field_order ?? ''),
    fieldOrder: s.field_order && s.field_order !== 'unknown' ? s.field_order : null,
    sampleAspect: sampleAspect(s.sample_aspect_ratio),
    colorTransfer: known(s.color_transfer),
    colorPrimaries: known(s.color_primaries),
    colorRange: known(s.color_range) ?? (layout.fullRange ? 'pc' : null),
  }
}

/** PLATFORM-RULES.md §0.1: (file size·8 − audio bit/s·duration) / duration, when the stream has no bit_rate. */
function computedBitrate({ sizeBytes, durationS, audioBitrate }: Whole): number | null {
  if (!durationS) return null
  const bits = sizeBytes * 8 - (audioBitrate ?? 0) * durationS
  return bits > 0 ? Math.round(bits / durationS) : null
}

function audioFacts(s: ProbeStream, fallbackBitrate: number | null): AudioStreamFacts {
  return {
    codec: s.codec_name ?? 'unknown',
    profile: s.profile ?? null,
    sampleRate: positive(s.sample_rate),
    channels: s.channels ?? null,
    bitrate: positive(s.bit_rate) ?? fallbackBitrate,
  }
}

/** Clockwise degrees. The display matrix's rotation is counter-clockwise; the legacy tag is clockwise. */
export function rotationOf(s: ProbeStream | undefined): number {
  const matrix = s?.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation
  const degrees = matrix !== undefined ? -matrix : Number(s?.tags?.rotate ?? 0)
  const normal = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360
  return Number.isFinite(normal) ? normal : 0
}

/** "30000/1001" → 29.97 (two decimals, PLATFORM-RULES.md §0.1). */
function frameRate(text: string | undefined): number | null {
  const [num, den] = (text ?? '').split('/').map(Number)
  if (!num || !den) return null
  return round2(num / den)
}

/** "4:3" → {4, 3}; "0:1", "N/A" or absent → square pixels. */
function sampleAspect(text: string | undefined): { num: number; den: number } {
  const [num, den] = (text ?? '').split(':').map(Number)
  return num && den && Number.isFinite(num) && Number.isFinite(den) ? { num, den } : { num: 1, den: 1 }
}

const round2 = (n: number): number => Math.round(n * 100) / 100

const known = (text: string | undefined): string | null => (text && text !== 'unknown' ? text : null)

function positive(text: string | undefined): number | null {
  const n = Number(text)
  return Number.isFinite(n) && n > 0 ? n : null
}

/** ffprobe calls MP4 and QuickTime both "mov,mp4,m4a,..."; the sniffed type tells them apart. */
function containerName(sniffed: Sniffed, formatName: string | undefined): string | null {
  if (sniffed.ext) return sniffed.ext
  return formatName?.split(',')[0] ?? null
}
