// Probe, video and audio: one bounded ffprobe run → stream facts, displayed size after rotation.
import { blankMedia, type AudioStreamFacts, type MediaFacts, type VideoStreamFacts } from '../facts.js'
import { ProbeError, runFfprobe, type FfprobeOptions } from '../services/ffprobe.js'
import type { Sniffed } from './sniff.js'

// Only the entries the checks use: ffprobe skips the rest.
const ENTRIES = [
  'format=format_name,duration,size,bit_rate',
  'stream=index,codec_type,codec_name,profile,pix_fmt,width,height,avg_frame_rate,r_frame_rate,nb_frames,bit_rate,sample_rate,channels,field_order,duration',
  'stream_tags=rotate',
  'stream_side_data=rotation',
].join(':')

interface ProbeStream {
  codec_type?: string
  codec_name?: string
  profile?: string
  pix_fmt?: string
  width?: number
  height?: number
  avg_frame_rate?: string
  r_frame_rate?: string
  bit_rate?: string
  sample_rate?: string
  channels?: number
  field_order?: string
  tags?: { rotate?: string }
  side_data_list?: { rotation?: number }[]
}

interface ProbeOutput {
  format?: { format_name?: string; duration?: string; size?: string; bit_rate?: string }
  streams?: ProbeStream[]
}

export async function probeVideo(path: string, sniffed: Sniffed, sizeBytes: number, options: FfprobeOptions): Promise<MediaFacts> {
  const base = blankMedia(sniffed, sizeBytes)
  let output: ProbeOutput
  try {
    output = (await runFfprobe(path, ['-show_entries', ENTRIES], options)) as ProbeOutput
  } catch (error) {
    if (error instanceof ProbeError) return { ...base, corrupt: error.reason === 'timeout' ? error.message : `ffprobe: ${error.message}` }
    throw error
  }
  const streams = output.streams ?? []
  const videoStream = streams.find((s) => s.codec_type === 'video')
  const audioStream = streams.find((s) => s.codec_type === 'audio')
  const durationS = positive(output.format?.duration)
  if (!videoStream && !audioStream) return { ...base, corrupt: 'no audio or video stream could be read' }
  const rotation = rotationOf(videoStream)
  const codedWidth = videoStream?.width ?? null
  const codedHeight = videoStream?.height ?? null
  const swap = rotation === 90 || rotation === 270
  return {
    ...base,
    container: containerName(sniffed, output.format?.format_name),
    durationS,
    codedWidth,
    codedHeight,
    width: swap ? codedHeight : codedWidth,
    height: swap ? codedWidth : codedHeight,
    rotation,
    video: videoStream ? videoFacts(videoStream) : null,
    audio: audioStream ? audioFacts(audioStream) : null,
  }
}

function videoFacts(s: ProbeStream): VideoStreamFacts {
  return {
    codec: s.codec_name ?? 'unknown',
    profile: s.profile ?? null,
    pixFmt: s.pix_fmt ?? null,
    fps: frameRate(s.avg_frame_rate) ?? frameRate(s.r_frame_rate),
    bitrate: positive(s.bit_rate),
    interlaced: ['tt', 'bb', 'tb', 'bt'].includes(s.field_order ?? ''),
  }
}

function audioFacts(s: ProbeStream): AudioStreamFacts {
  return {
    codec: s.codec_name ?? 'unknown',
    sampleRate: positive(s.sample_rate),
    channels: s.channels ?? null,
    bitrate: positive(s.bit_rate),
  }
}

/** Clockwise degrees. The display matrix's rotation is counter-clockwise; the legacy tag is clockwise. */
function rotationOf(s: ProbeStream | undefined): number {
  const matrix = s?.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation
  const degrees = matrix !== undefined ? -matrix : Number(s?.tags?.rotate ?? 0)
  const normal = ((Math.round(degrees / 90) * 90) % 360 + 360) % 360
  return Number.isFinite(normal) ? normal : 0
}

/** "30000/1001" → 29.97 (two decimals, PLATFORM-RULES.md §0.1). */
function frameRate(text: string | undefined): number | null {
  const [num, den] = (text ?? '').split('/').map(Number)
  if (!num || !den) return null
  return Math.round((num / den) * 100) / 100
}

function positive(text: string | undefined): number | null {
  const n = Number(text)
  return Number.isFinite(n) && n > 0 ? n : null
}

/** ffprobe calls MP4 and QuickTime both "mov,mp4,m4a,..."; the sniffed type tells them apart. */
function containerName(sniffed: Sniffed, formatName: string | undefined): string | null {
  if (sniffed.ext) return sniffed.ext
  return formatName?.split(',')[0] ?? null
}
