// What one output file must be to pass a group of targets, read from their rules (data). Pure.
import type { MediaKind } from '../facts.js'
import type { Ratio } from '../limits.js'
import type { TargetRules } from '../rule-types.js'
import type { FormatPolicy, Outcome } from '../rules/index.js'

/** An allowed range of width:height; either end absent means open. */
export interface RatioRange {
  min?: Ratio
  max?: Ratio
}

export interface ImageNeeds {
  /** Still formats every target takes without a warning, in the order preferred (smallest first). */
  formats: string[]
  minWidth?: number
  maxWidth?: number
  maxPixels?: number
  ratio: RatioRange
  /** The largest file every target takes without a warning, in bytes. */
  maxBytes?: number
  /** Item 0's ratio, that later carousel items must match (`matchFirstPercent`). */
  matchFirst: boolean
}

export interface VideoNeeds {
  ratio: RatioRange
  minWidth?: number
  minHeight?: number
  /** The longest side allowed. */
  maxSide?: number
  maxWidth?: number
  maxPixels?: number
  fps: { min?: number; max?: number }
  maxBitrate?: number
  maxBytes?: number
  minDurationS?: number
  maxDurationS?: number
  audio: { maxSampleRate?: number; maxChannels?: number; maxBitrate?: number }
  matchFirst: boolean
}

const ALL_KINDS: readonly MediaKind[] = ['image', 'video', 'audio']
// Still formats a fix may write (sharp), smallest files first for photos.
const STILL_FORMATS = ['jpeg', 'png', 'webp'] as const

/** The media kinds a target takes (all, when it has no `media.kind` rule). */
export function kindsTaken(rules: TargetRules): readonly MediaKind[] {
  return rules['media.kind']?.value.allowed ?? ALL_KINDS
}

/** Whether a target takes `format` as it is: accepted, and neither warned nor refused. */
export function formatAccepted(policy: FormatPolicy | undefined, format: string): boolean {
  if (!policy) return true
  if (policy.warn.includes(format) || policy.reject?.includes(format)) return false
  return policy.accept.includes(format) || policy.accept.includes('*')
}

/** Whether a target keeps an animated `format` as an animation (no finding beyond a note). */
export function keepsAnimation(rules: TargetRules, format: string): boolean {
  const outcome: Outcome | undefined = rules['image.animated']?.value[format]
  return (
    formatAccepted(rules['image.format']?.value, format) &&
    (outcome === undefined || outcome === 'pass' || outcome === 'info')
  )
}

/** A size limit as the largest passing byte count: below `warnAbove` when there is one, below `max` for `lessThan`. */
function largestPassing(
  limit: { max: number; warnAbove?: number; lessThan?: boolean } | undefined,
): number | undefined {
  if (!limit) return undefined
  return Math.min(limit.warnAbove ?? Infinity, limit.lessThan ? limit.max - 1 : limit.max)
}

const minOf = (values: (number | undefined)[]) => {
  const known = values.filter((v): v is number => v !== undefined)
  return known.length ? Math.min(...known) : undefined
}
const maxOf = (values: (number | undefined)[]) => {
  const known = values.filter((v): v is number => v !== undefined)
  return known.length ? Math.max(...known) : undefined
}

/** The narrowest common ratio range: the largest minimum and the smallest maximum. */
function ratioRange(ranges: readonly ({ min?: Ratio; max?: Ratio } | undefined)[]): RatioRange {
  let min: Ratio | undefined
  let max: Ratio | undefined
  for (const range of ranges) {
    if (range?.min && (!min || range.min.w * min.h > min.w * range.min.h)) min = range.min
    if (range?.max && (!max || range.max.w * max.h < max.w * range.max.h)) max = range.max
  }
  return { ...(min ? { min } : {}), ...(max ? { max } : {}) }
}

const clean = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

export function imageNeeds(group: readonly TargetRules[]): ImageNeeds {
  return clean({
    formats: STILL_FORMATS.filter((f) => group.every((rules) => formatAccepted(rules['image.format']?.value, f))),
    minWidth: maxOf(group.map((r) => r['image.min_width']?.value.min)),
    maxWidth: minOf(group.map((r) => r['image.max_width']?.value.max)),
    maxPixels: minOf(group.map((r) => r['image.pixels']?.value.downscaleAbove ?? r['image.pixels']?.value.max)),
    ratio: ratioRange(group.map((r) => r['image.aspect_ratio']?.value)),
    maxBytes: minOf(group.map((r) => largestPassing(r['image.file_size']?.value))),
    matchFirst: group.some((r) => r['image.aspect_ratio']?.value.matchFirstPercent !== undefined),
  })
}

export function videoNeeds(group: readonly TargetRules[]): VideoNeeds {
  return clean({
    ratio: ratioRange(group.map((r) => r['video.aspect_ratio']?.value)),
    minWidth: maxOf(group.map((r) => r['video.min_dimensions']?.value.minWidth)),
    minHeight: maxOf(group.map((r) => r['video.min_dimensions']?.value.minHeight)),
    maxSide: minOf(group.map((r) => r['video.min_dimensions']?.value.maxSide)),
    maxWidth: minOf(group.map((r) => r['video.width_max']?.value.max)),
    maxPixels: minOf(group.map((r) => r['video.pixels']?.value.max)),
    fps: clean({
      min: maxOf(group.map((r) => r['video.frame_rate']?.value.min)),
      max: minOf(group.map((r) => r['video.frame_rate']?.value.max)),
    }),
    maxBitrate: minOf(group.map((r) => r['video.bitrate']?.value.max)),
    maxBytes: minOf(group.map((r) => largestPassing(r['video.file_size']?.value))),
    minDurationS: maxOf(group.map((r) => r['video.duration_min']?.value.min)),
    maxDurationS: minOf(group.map((r) => r['video.duration_max']?.value.max)),
    audio: clean({
      maxSampleRate: minOf(group.map((r) => r['audio.sample_rate']?.value.max)),
      maxChannels: minOf(group.map((r) => r['audio.channels']?.value.max)),
      maxBitrate: minOf(group.map((r) => r['audio.bitrate']?.value.max)),
    }),
    matchFirst: group.some((r) => r['video.aspect_ratio']?.value.matchFirstPercent !== undefined),
  })
}

const emptyRange = ({ min, max }: RatioRange) => min !== undefined && max !== undefined && min.w * max.h > max.w * min.h

/** Whether one file can meet every need at once (a common format, ratio and frame rate exist). */
export function imageFeasible(needs: ImageNeeds): boolean {
  return needs.formats.length > 0 && !emptyRange(needs.ratio)
}

export function videoFeasible(needs: VideoNeeds): boolean {
  const { min, max } = needs.fps
  return !emptyRange(needs.ratio) && (min === undefined || max === undefined || min <= max)
}
