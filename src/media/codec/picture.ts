// A video sample entry's decoder configuration (avcC, hvcC) in ffmpeg's terms: codec, profile, pixel format, size, SAR, signal.
import { readAvcConfig, type AvcConfig } from './h264-config.js'
import type { CodedPicture, Rational, VideoSignal } from './vui.js'
import { readHevcConfig, type HevcConfig } from './hevc-config.js'

export interface Picture {
  codec: 'h264' | 'hevc'
  profile: string
  /** ffmpeg's pixel format given the colour range the stream ends up with (`yuvj` for full range where ffmpeg uses it). */
  pixelFormat: (fullRange: boolean) => string
  /** ffprobe's bits_per_raw_sample: the H.264 decoder sets it, the HEVC decoder does not. */
  bitsPerRawSample: number | null
  width: number
  height: number
  sar: Rational | null
  signal: VideoSignal | null
}

// libavcodec/profiles.c; H.264 with ff_h264_get_profile's constrained (set1) and intra (set3) variants.
const AVC_PROFILES: Record<number, [string, string?]> = {
  66: ['Baseline', 'Constrained Baseline'],
  77: ['Main'],
  88: ['Extended'],
  100: ['High'],
  110: ['High 10', 'High 10 Intra'],
  122: ['High 4:2:2', 'High 4:2:2 Intra'],
  244: ['High 4:4:4 Predictive', 'High 4:4:4 Intra'],
  44: ['CAVLC 4:4:4'],
}
const HEVC_PROFILES: Record<number, string> = { 1: 'Main', 2: 'Main 10', 3: 'Main Still Picture', 4: 'Rext' }
const CHROMA_NAMES: Record<number, string> = { 1: '420', 2: '422', 3: '444' }
const AVC_DEPTHS = new Set([8, 9, 10, 12, 14])
const HEVC_DEPTHS = new Set([8, 10, 12])
const AVC_ENTRIES = new Set(['avc1', 'avc3'])
const HEVC_ENTRIES = new Set(['hvc1', 'hev1'])

/**
 * The picture a sample entry declares, or null when ffprobe must decide: another codec, a header that
 * cannot be read, a layout ffmpeg decodes differently (monochrome, separate planes, RGB), or a stream
 * that can be coded or shown as fields (ffmpeg's field order then comes from the slices or SEI).
 */
export function pictureOf(format: string, boxes: Map<string, Buffer>): Picture | null {
  const fiel = boxes.get('fiel') // field count, then order: ffmpeg's mov demuxer takes 1 as progressive
  if (fiel && fiel[0] !== 1) return null
  const avcC = AVC_ENTRIES.has(format) ? boxes.get('avcC') : undefined
  if (avcC) return avcPicture(readAvcConfig(avcC))
  const hvcC = HEVC_ENTRIES.has(format) ? boxes.get('hvcC') : undefined
  if (hvcC) return hevcPicture(readHevcConfig(hvcC))
  return null
}

function avcPicture(sps: AvcConfig | null): Picture | null {
  if (!sps || !avcProgressive(sps) || !plainLayout(sps) || !AVC_DEPTHS.has(sps.bitDepth)) return null
  const names = AVC_PROFILES[sps.profileIdc]
  if (!names) return null
  const variant = sps.profileIdc === 66 ? sps.constraints & 0b10 : sps.constraints & 0b1000
  return {
    codec: 'h264',
    profile: variant && names[1] ? names[1] : names[0],
    // h264_slice.c get_pixel_format: full-range 8-bit 4:2:0 and 4:2:2 are the yuvj formats.
    pixelFormat: (fullRange) => yuv(sps.chromaFormat, sps.bitDepth, fullRange && sps.chromaFormat !== 3),
    bitsPerRawSample: sps.bitDepth,
    width: sps.width,
    height: sps.height,
    sar: sps.sar,
    signal: sps.signal,
  }
}

function hevcPicture(sps: HevcConfig | null): Picture | null {
  if (
    !sps ||
    sps.fieldSequence ||
    sps.frameFieldInfo ||
    sps.interlacedSource ||
    !plainLayout(sps) ||
    !HEVC_DEPTHS.has(sps.bitDepth)
  )
    return null
  const profile = HEVC_PROFILES[sps.profileIdc]
  if (!profile) return null
  return {
    codec: 'hevc',
    profile,
    // hevc_ps.c: only full-range 8-bit 4:2:0 becomes yuvj420p.
    pixelFormat: (fullRange) => yuv(sps.chromaFormat, sps.bitDepth, fullRange && sps.chromaFormat === 1),
    bitsPerRawSample: null,
    width: sps.width,
    height: sps.height,
    sar: sps.sar,
    signal: sps.signal,
  }
}

/** ffprobe says `progressive` for H.264 only when no frame can be coded, or flagged, as two fields. */
function avcProgressive(sps: AvcConfig): boolean {
  if (!sps.frameMbsOnly || sps.picStructPresent || sps.bottomFieldPocPresent !== false) return false
  return sps.pocType !== 1 || sps.topToBottomOffset === 0
}

function plainLayout(sps: CodedPicture): boolean {
  const rgb = sps.signal?.matrix === 0 // ffmpeg decodes an RGB matrix to gbrp
  return (
    sps.chromaFormat >= 1 &&
    sps.chromaFormat <= 3 &&
    !sps.separateColourPlanes &&
    sps.bitDepth === sps.bitDepthChroma &&
    !rgb
  )
}

function yuv(chromaFormat: number, bitDepth: number, jpegRange: boolean): string {
  const layout = CHROMA_NAMES[chromaFormat]
  return bitDepth === 8 ? `yuv${jpegRange ? 'j' : ''}${layout}p` : `yuv${layout}p${bitDepth}le`
}
