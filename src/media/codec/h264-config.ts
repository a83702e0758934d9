// H.264 decoder configuration (the MP4 `avcC` box): the first SPS and PPS, read as far as the checks need (ITU-T H.264 §7.3.2).
import { BitReader, unescapeNal } from './bit-reader.js'
import { readVuiHead, type CodedPicture } from './vui.js'

export interface AvcConfig extends CodedPicture {
  profileIdc: number
  /** constraint_set0..5 flags, set0 as bit 0. */
  constraints: number
  /** Every picture is a frame: no field or MBAFF coding. */
  frameMbsOnly: boolean
  pocType: number
  /** pic_order_cnt_type 1 only: the bottom field's offset, which gives a frame a field order. */
  topToBottomOffset: number
  /** pic_struct SEI may say a frame is two fields: the VUI flag that allows it. */
  picStructPresent: boolean
  /** From the PPS: slices may give the bottom field another picture order (a field order). Null without a PPS. */
  bottomFieldPocPresent: boolean | null
}

// Profiles whose SPS carries chroma format, bit depth and scaling matrices (§7.3.2.1.1).
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135])

/** The avcC payload's first SPS (and PPS); null when the box holds none or a header cannot be read. */
export function readAvcConfig(avcC: Uint8Array): AvcConfig | null {
  try {
    const { sps, pps } = parameterSets(avcC)
    if (!sps) return null
    const config = readSps(unescapeNal(sps))
    config.bottomFieldPocPresent = pps ? readPpsPocFlag(unescapeNal(pps)) : null
    return config
  } catch {
    return null
  }
}

function parameterSets(avcC: Uint8Array): { sps: Uint8Array | null; pps: Uint8Array | null } {
  const view = Buffer.from(avcC.buffer, avcC.byteOffset, avcC.byteLength)
  if (view.length < 7 || view[0] !== 1) return { sps: null, pps: null }
  let at = 5
  const take = (): Uint8Array => {
    const length = view.readUInt16BE(at)
    const nal = view.subarray(at + 2, at + 2 + length)
    if (nal.length !== length) throw new Error('avcC parameter set cut short')
    at += 2 + length
    return nal
  }
  const spsCount = view[at++]! & 0x1f
  const spss = Array.from({ length: spsCount }, take)
  const ppsCount = at < view.length ? view[at++]! : 0
  const ppss = Array.from({ length: ppsCount }, take)
  return { sps: spss[0] ?? null, pps: ppss[0] ?? null }
}

function readSps(nal: Uint8Array): AvcConfig {
  const r = new BitReader(nal)
  if ((r.bits(8) & 0x1f) !== 7) throw new Error('not an SPS')
  const profileIdc = r.bits(8)
  const flags = r.bits(8)
  let constraints = 0
  for (let i = 0; i < 6; i++) if (flags & (0x80 >> i)) constraints |= 1 << i
  r.skip(8) // level_idc
  r.ue() // seq_parameter_set_id
  let chromaFormat = 1
  let separateColourPlanes = false
  let bitDepth = 8
  let bitDepthChroma = 8
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormat = r.ue()
    if (chromaFormat === 3) separateColourPlanes = r.flag()
    bitDepth = r.ue() + 8
    bitDepthChroma = r.ue() + 8
    r.skip(1) // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) skipScalingMatrix(r, chromaFormat === 3 ? 12 : 8)
  }
  r.ue() // log2_max_frame_num_minus4
  const pocType = r.ue()
  let topToBottomOffset = 0
  if (pocType === 0) r.ue()
  else if (pocType === 1) {
    r.skip(1) // delta_pic_order_always_zero_flag
    r.se() // offset_for_non_ref_pic
    topToBottomOffset = r.se()
    const cycle = r.ue()
    if (cycle > 255) throw new Error('impossible POC cycle')
    for (let i = 0; i < cycle; i++) r.se()
  }
  r.ue() // max_num_ref_frames
  r.skip(1) // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1
  const heightMapUnits = r.ue() + 1
  const frameMbsOnly = r.flag()
  if (!frameMbsOnly) r.skip(1) // mb_adaptive_frame_field_flag
  r.skip(1) // direct_8x8_inference_flag
  const crop = r.flag()
    ? { left: r.ue(), right: r.ue(), top: r.ue(), bottom: r.ue() }
    : { left: 0, right: 0, top: 0, bottom: 0 }
  // §7.4.2.1.1: the cropping unit follows the chroma layout and, for field coding, counts field rows.
  const chromaArray = separateColourPlanes ? 0 : chromaFormat
  const unitX = chromaArray === 1 || chromaArray === 2 ? 2 : 1
  const unitY = (chromaArray === 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2)
  const vui = r.flag() ? readVui(r) : { sar: null, signal: null, picStructPresent: false }
  return {
    profileIdc,
    constraints,
    chromaFormat,
    separateColourPlanes,
    bitDepth,
    bitDepthChroma,
    width: widthMbs * 16 - unitX * (crop.left + crop.right),
    height: heightMapUnits * 16 * (frameMbsOnly ? 1 : 2) - unitY * (crop.top + crop.bottom),
    frameMbsOnly,
    pocType,
    topToBottomOffset,
    ...vui,
    bottomFieldPocPresent: null,
  }
}

function skipScalingMatrix(r: BitReader, lists: number): void {
  for (let i = 0; i < lists; i++) {
    if (!r.flag()) continue
    const size = i < 6 ? 16 : 64
    let last = 8
    let next = 8
    for (let j = 0; j < size && next !== 0; j++) {
      next = (last + r.se() + 256) % 256
      if (next !== 0) last = next
    }
  }
}

/** VUI (Annex E.1.1) up to pic_struct_present_flag. */
function readVui(r: BitReader): Pick<AvcConfig, 'sar' | 'signal' | 'picStructPresent'> {
  const { sar, signal } = readVuiHead(r)
  if (r.flag()) r.skip(65) // num_units_in_tick, time_scale, fixed_frame_rate_flag
  const nalHrd = r.flag()
  if (nalHrd) skipHrd(r)
  const vclHrd = r.flag()
  if (vclHrd) skipHrd(r)
  if (nalHrd || vclHrd) r.skip(1) // low_delay_hrd_flag
  return { sar, signal, picStructPresent: r.flag() }
}

function skipHrd(r: BitReader): void {
  const count = r.ue() + 1
  if (count > 32) throw new Error('impossible HRD')
  r.skip(8) // bit_rate_scale, cpb_size_scale
  for (let i = 0; i < count; i++) {
    r.ue()
    r.ue()
    r.skip(1)
  }
  r.skip(20)
}

/** PPS (§7.3.2.2): bottom_field_pic_order_in_frame_present_flag. */
function readPpsPocFlag(nal: Uint8Array): boolean {
  const r = new BitReader(nal)
  if ((r.bits(8) & 0x1f) !== 8) throw new Error('not a PPS')
  r.ue() // pic_parameter_set_id
  r.ue() // seq_parameter_set_id
  r.skip(1) // entropy_coding_mode_flag
  return r.flag()
}
