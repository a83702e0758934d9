// HEVC decoder configuration (the MP4 `hvcC` box): its first SPS, read through the VUI's colour and field flags (ITU-T H.265 §7.3.2.2).
import { BitReader, unescapeNal } from './bit-reader.js'
import { readVuiHead, type CodedPicture } from './vui.js'

export interface HevcConfig extends CodedPicture {
  /** general_profile_idc: 1 Main, 2 Main 10, 3 Main Still Picture, 4 format range extensions, ... */
  profileIdc: number
  /** general_profile_compatibility_flag[j], flag j as bit j. */
  compatibility: number
  progressiveSource: boolean
  interlacedSource: boolean
  /** VUI: pictures are fields (field_seq_flag), or SEI says how each is displayed (frame_field_info_present_flag). */
  fieldSequence: boolean
  frameFieldInfo: boolean
}

const SPS_NAL = 33
const MAX_REF_PIC_SETS = 64

/** The hvcC payload's first SPS; null when it holds none or the header cannot be read. */
export function readHevcConfig(hvcC: Uint8Array): HevcConfig | null {
  try {
    const sps = firstSps(Buffer.from(hvcC.buffer, hvcC.byteOffset, hvcC.byteLength))
    return sps ? readSps(unescapeNal(sps)) : null
  } catch {
    return null
  }
}

/** hvcC (ISO/IEC 14496-15 §8.3.3.1): 22 bytes of header, then arrays of NAL units by type. */
function firstSps(view: Buffer): Buffer | null {
  if (view.length < 23 || view[0] !== 1) return null
  let at = 23
  for (let array = 0, arrays = view[22]!; array < arrays; array++) {
    const type = view[at]! & 0x3f
    const count = view.readUInt16BE(at + 1)
    at += 3
    for (let i = 0; i < count; i++) {
      const length = view.readUInt16BE(at)
      const nal = view.subarray(at + 2, at + 2 + length)
      if (nal.length !== length) return null
      if (type === SPS_NAL) return nal
      at += 2 + length
    }
  }
  return null
}

function readSps(nal: Uint8Array): HevcConfig {
  const r = new BitReader(nal)
  if (((r.bits(16) >> 9) & 0x3f) !== SPS_NAL) throw new Error('not an SPS')
  r.skip(4) // sps_video_parameter_set_id
  const subLayers = r.bits(3)
  r.skip(1) // sps_temporal_id_nesting_flag
  const profile = profileTierLevel(r, subLayers)
  r.ue() // sps_seq_parameter_set_id
  const chromaFormat = r.ue()
  const separateColourPlanes = chromaFormat === 3 ? r.flag() : false
  let width = r.ue()
  let height = r.ue()
  if (r.flag()) {
    // The conformance window counts chroma samples (§7.4.3.2.1).
    const chromaArray = separateColourPlanes ? 0 : chromaFormat
    const unitX = chromaArray === 1 || chromaArray === 2 ? 2 : 1
    const unitY = chromaArray === 1 ? 2 : 1
    width -= unitX * (r.ue() + r.ue())
    height -= unitY * (r.ue() + r.ue())
  }
  const bitDepth = r.ue() + 8
  const bitDepthChroma = r.ue() + 8
  const pocBits = r.ue() + 4
  const orderingForAll = r.flag()
  for (let i = orderingForAll ? 0 : subLayers; i <= subLayers; i++) {
    r.ue()
    r.ue()
    r.ue()
  }
  for (let i = 0; i < 6; i++) r.ue() // coding and transform block sizes, hierarchy depths
  if (r.flag() && r.flag()) skipScalingLists(r)
  r.skip(2) // amp_enabled_flag, sample_adaptive_offset_enabled_flag
  if (r.flag()) {
    r.skip(8) // pcm sample bit depths
    r.ue()
    r.ue()
    r.skip(1)
  }
  skipShortTermRefPicSets(r, r.ue())
  if (r.flag()) {
    const longTerm = r.ue()
    if (longTerm > 32) throw new Error('impossible long-term count')
    for (let i = 0; i < longTerm; i++) r.skip(pocBits + 1)
  }
  r.skip(2) // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
  const vui = r.flag() ? readVui(r) : { sar: null, signal: null, fieldSequence: false, frameFieldInfo: false }
  return { ...profile, chromaFormat, separateColourPlanes, bitDepth, bitDepthChroma, width, height, ...vui }
}

/** profile_tier_level(1, sps_max_sub_layers_minus1) (§7.3.3): the general profile and its source flags. */
function profileTierLevel(
  r: BitReader,
  subLayers: number,
): Pick<HevcConfig, 'profileIdc' | 'compatibility' | 'progressiveSource' | 'interlacedSource'> {
  r.skip(3) // general_profile_space, general_tier_flag
  const profileIdc = r.bits(5)
  const compatibility = r.bits(32)
  const progressiveSource = r.flag()
  const interlacedSource = r.flag()
  r.skip(2 + 43 + 1 + 8) // non_packed, frame_only, 43 reserved or constraint bits, inbld/reserved, general_level_idc
  const present: [boolean, boolean][] = []
  for (let i = 0; i < subLayers; i++) present.push([r.flag(), r.flag()])
  if (subLayers > 0) r.skip(2 * (8 - subLayers))
  for (const [profileFlag, levelFlag] of present) r.skip((profileFlag ? 88 : 0) + (levelFlag ? 8 : 0))
  return { profileIdc, compatibility: bitsReversed(compatibility), progressiveSource, interlacedSource }
}

/** general_profile_compatibility_flag[0] is the first bit read: make it bit 0. */
function bitsReversed(value: number): number {
  let out = 0
  for (let j = 0; j < 32; j++) if (value & (2 ** (31 - j))) out |= 1 << j
  return out >>> 0
}

/** scaling_list_data() (§7.3.4). */
function skipScalingLists(r: BitReader): void {
  for (let size = 0; size < 4; size++) {
    for (let matrix = 0; matrix < 6; matrix += size === 3 ? 3 : 1) {
      if (!r.flag()) {
        r.ue() // scaling_list_pred_matrix_id_delta
        continue
      }
      const coefficients = Math.min(64, 1 << (4 + (size << 1)))
      if (size > 1) r.se() // scaling_list_dc_coef_minus8
      for (let i = 0; i < coefficients; i++) r.se()
    }
  }
}

/** st_ref_pic_set(i) for each of the SPS's sets (§7.3.7): only their sizes matter, to read on. */
function skipShortTermRefPicSets(r: BitReader, count: number): void {
  if (count > MAX_REF_PIC_SETS) throw new Error('impossible reference picture set count')
  const deltas: number[] = []
  for (let i = 0; i < count; i++) {
    if (i > 0 && r.flag()) {
      r.skip(1) // delta_rps_sign
      r.ue() // abs_delta_rps_minus1
      let kept = 0
      for (let j = 0; j <= deltas[i - 1]!; j++) {
        const used = r.flag()
        if (used || r.flag()) kept++ // use_delta_flag is read only when the picture is not used
      }
      deltas.push(kept)
      continue
    }
    const negative = r.ue()
    const positive = r.ue()
    if (negative + positive > 32) throw new Error('impossible reference picture set')
    for (let j = 0; j < negative + positive; j++) {
      r.ue()
      r.skip(1)
    }
    deltas.push(negative + positive)
  }
}

/** VUI (Annex E.2.1) up to frame_field_info_present_flag. */
function readVui(r: BitReader): Pick<HevcConfig, 'sar' | 'signal' | 'fieldSequence' | 'frameFieldInfo'> {
  const { sar, signal } = readVuiHead(r)
  r.skip(1) // neutral_chroma_indication_flag
  const fieldSequence = r.flag()
  const frameFieldInfo = r.flag()
  return { sar, signal, fieldSequence, frameFieldInfo }
}
