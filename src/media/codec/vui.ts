// What H.264 and HEVC sequence parameter sets share: the picture's layout, and the head of the VUI (Annex E.1.1 / E.2.1).
import type { BitReader } from './bit-reader.js'

export interface Rational {
  num: number
  den: number
}

export interface VideoSignal {
  fullRange: boolean
  /** ISO/IEC 23091-2 code points; null when the stream carries no colour description. */
  primaries: number | null
  transfer: number | null
  matrix: number | null
}

/** A sequence's pictures as its SPS declares them. */
export interface CodedPicture {
  /** 0 mono, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  chromaFormat: number
  separateColourPlanes: boolean
  bitDepth: number
  bitDepthChroma: number
  /** Displayed size: the coded size less the cropping (conformance) window. */
  width: number
  height: number
  /** Sample aspect ratio from the VUI; null when not signalled. */
  sar: Rational | null
  signal: VideoSignal | null
}

// aspect_ratio_idc 1-16 (Table E-1 of both standards).
const SAR_TABLE: readonly [number, number][] = [
  [1, 1],
  [12, 11],
  [10, 11],
  [16, 11],
  [40, 33],
  [24, 11],
  [20, 11],
  [32, 11],
  [80, 33],
  [18, 11],
  [15, 11],
  [64, 33],
  [160, 99],
  [4, 3],
  [3, 2],
  [2, 1],
]
const EXTENDED_SAR = 255

/** From aspect_ratio_info_present_flag through chroma_loc_info: the reader is left where the two VUIs part. */
export function readVuiHead(r: BitReader): { sar: Rational | null; signal: VideoSignal | null } {
  let sar: Rational | null = null
  if (r.flag()) {
    const idc = r.bits(8)
    if (idc === EXTENDED_SAR) sar = { num: r.bits(16), den: r.bits(16) }
    else if (idc >= 1 && idc <= SAR_TABLE.length) sar = { num: SAR_TABLE[idc - 1]![0], den: SAR_TABLE[idc - 1]![1] }
  }
  if (r.flag()) r.skip(1) // overscan_appropriate_flag
  let signal: VideoSignal | null = null
  if (r.flag()) {
    r.skip(3) // video_format
    const fullRange = r.flag()
    signal = r.flag()
      ? { fullRange, primaries: r.bits(8), transfer: r.bits(8), matrix: r.bits(8) }
      : { fullRange, primaries: null, transfer: null, matrix: null }
  }
  if (r.flag()) {
    r.ue() // chroma_sample_loc_type_top_field
    r.ue() // chroma_sample_loc_type_bottom_field
  }
  return { sar, signal }
}
