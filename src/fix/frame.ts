// The output's frame: the source's displayed size brought inside a ratio range and size limits, by padding or
// cropping. Pure; the result is checked with the same integer inequalities as the rules.
import type { Ratio } from '../limits.js'
import type { RatioRange } from './needs.js'

export type Strategy = 'pad' | 'crop'

export interface Size {
  width: number
  height: number
}

export interface FrameLimits {
  ratio: RatioRange
  maxWidth?: number
  minWidth?: number
  minHeight?: number
  /** The smallest short side allowed. */
  minShort?: number
  /** The longest side allowed. */
  maxSide?: number
  /** The largest short side allowed (a box that holds either way round). */
  maxShort?: number
  maxPixels?: number
  /** Video: both sides even (4:2:0 chroma). */
  even?: boolean
}

export interface Frame extends Size {
  /** The source scaled as it sits in the frame: inside it (pad) or covering it (crop). */
  content: Size
}

const narrower = (s: Size, r: Ratio) => r.h * s.width < r.w * s.height
const wider = (s: Size, r: Ratio) => r.h * s.width > r.w * s.height

/** The frame one source of `source` displayed size becomes under `limits`, by `strategy`. */
export function fitFrame(source: Size, limits: FrameLimits, strategy: Strategy): Frame {
  const { min, max } = limits.ratio
  let width = source.width
  let height = source.height
  // Into the ratio range: padding grows the short side, cropping shrinks the long one.
  if (min && narrower({ width, height }, min)) {
    if (strategy === 'pad') width = (height * min.w) / min.h
    else height = (width * min.h) / min.w
  } else if (max && wider({ width, height }, max)) {
    if (strategy === 'pad') height = (width * max.h) / max.w
    else width = (height * max.w) / max.h
  }
  // The largest scale the upper limits allow, and the smallest the minimum sizes ask for.
  const ceiling = Math.min(
    limits.maxWidth ? limits.maxWidth / width : Infinity,
    limits.maxSide ? limits.maxSide / Math.max(width, height) : Infinity,
    limits.maxShort ? limits.maxShort / Math.min(width, height) : Infinity,
    limits.maxPixels ? Math.sqrt(limits.maxPixels / (width * height)) : Infinity,
  )
  const floor = Math.max(
    limits.minWidth ? limits.minWidth / width : 0,
    limits.minHeight ? limits.minHeight / height : 0,
    limits.minShort ? limits.minShort / Math.min(width, height) : 0,
  )
  // Down to the limits, up to the minimums unless that breaks a limit.
  const scale = Math.min(ceiling, Math.max(1, floor))
  const round = limits.even
    ? (n: number) => Math.max(2, Math.floor(n / 2) * 2)
    : (n: number) => Math.max(1, Math.floor(n))
  const frame = { width: round(width * scale), height: round(height * scale) }
  // Rounding may leave the ratio a pixel outside the range: shrink the side that fixes it (never grows past a limit).
  if (min && narrower(frame, min)) frame.height = round((frame.width * min.h) / min.w)
  if (max && wider(frame, max)) frame.width = round((frame.height * max.w) / max.h)
  return { ...frame, content: placed(source, frame, strategy) }
}

/** The source scaled to sit inside the frame (pad) or to cover it (crop), keeping its ratio. */
function placed(source: Size, frame: Size, strategy: Strategy): Size {
  if (strategy === 'crop') {
    // Covering: rounded up, so the crop never asks for more than the scaled source has.
    const scale = Math.max(frame.width / source.width, frame.height / source.height)
    const up = (n: number, floor: number) => Math.max(floor, Math.ceil(n / 2) * 2)
    return { width: up(source.width * scale, frame.width), height: up(source.height * scale, frame.height) }
  }
  const scale = Math.min(frame.width / source.width, frame.height / source.height)
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2)
  return {
    width: Math.min(frame.width, even(source.width * scale)),
    height: Math.min(frame.height, even(source.height * scale)),
  }
}

/** Whether the frame differs from the source in shape (padding or cropping is needed), beyond a pixel of rounding. */
export function reshaped(source: Size, frame: Size): boolean {
  return Math.abs(source.width * frame.height - frame.width * source.height) > Math.max(frame.width, frame.height)
}
