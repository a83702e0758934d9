// What one output file must be to pass a group of targets, read from their rules (data). Pure.
import { largestPassingImage } from '../../validators/image/file-size.js'
import { widthSides } from '../../validators/image/width.js'
import { largestPassingVideo } from '../../validators/video/size.js'
import { longestPassing } from '../../validators/video/timing.js'
import type { MediaKind, PostFacts } from '../facts.js'
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
  /** The short side's minimum (`side: 'short'`). */
  minShort?: number
  maxWidth?: number
  /** The long side's maximum (`side: 'long'`). */
  maxSide?: number
  /** The short side's maximum (`shortMax`). */
  maxShort?: number
  maxPixels?: number
  ratio: RatioRange
  /** The largest file every target takes without a warning, in bytes, per output format (bands differ by format). */
  maxBytes: Partial<Record<StillFormat, number>>
  /** Item 0's ratio, that later carousel items must match (`matchFirstPercent`). */
  matchFirst: boolean
}

export interface VideoNeeds {
  ratio: RatioRange
  minWidth?: number
  minHeight?: number
  /** The smallest short side allowed. */
  minShort?: number
  /** The longest side allowed. */
  maxSide?: number
  /** The short side's maximum (X's orientation-free box). */
  maxShort?: number
  maxWidth?: number
  maxPixels?: number
  fps: { min?: number; max?: number }
  /** A constant frame rate is asked for (`video.frame_rate_mode`). */
  constantRate: boolean
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
export type StillFormat = (typeof STILL_FORMATS)[number]

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

/**
 * A target's ratio range: its `recommended` ratio itself when being far from it is more than a note (Facebook
 * Reels' 9:16 warning), else its min and max.
 */
function ratioOf(
  limit:
    | {
        value: { min?: Ratio; max?: Ratio; recommended?: Ratio }
        tiers?: { not_recommended?: { severity?: string } | null }
      }
    | undefined,
): { min?: Ratio; max?: Ratio } | undefined {
  const recommended = limit?.value.recommended
  const severity = limit?.tiers?.not_recommended?.severity
  if (recommended && severity !== undefined && severity !== 'info') return { min: recommended, max: recommended }
  return limit?.value
}

const clean = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

export function imageNeeds(group: readonly TargetRules[]): ImageNeeds {
  // The sides each target judges (width, short or long side), read as its width validator reads them.
  const sides = group.map((r) => widthSides(r['image.min_width']?.value, r['image.max_width']?.value))
  const bytesFor = (format: StillFormat) =>
    minOf(
      group.map((r) => {
        const value = r['image.file_size']?.value
        return value ? largestPassingImage(value, format) : undefined
      }),
    )
  return clean({
    formats: STILL_FORMATS.filter((f) => group.every((rules) => formatAccepted(rules['image.format']?.value, f))),
    minWidth: maxOf(sides.map((s) => s.minWidth)),
    minShort: maxOf(sides.map((s) => s.minShort)),
    maxWidth: minOf(sides.map((s) => s.maxWidth)),
    maxSide: minOf(sides.map((s) => s.maxLong)),
    maxShort: minOf(sides.map((s) => s.maxShort)),
    maxPixels: minOf(group.map((r) => r['image.pixels']?.value.downscaleAbove ?? r['image.pixels']?.value.max)),
    ratio: ratioRange(group.map((r) => ratioOf(r['image.aspect_ratio']))),
    maxBytes: clean(Object.fromEntries(STILL_FORMATS.map((f) => [f, bytesFor(f)]))),
    matchFirst: group.some((r) => r['image.aspect_ratio']?.value.matchFirstPercent !== undefined),
  })
}

/** `post`: the request's account facts (xPremium, tiktokMaxDurationS) that change a target's maxima. */
export function videoNeeds(group: readonly TargetRules[], post: PostFacts = {}): VideoNeeds {
  // X's box (and its warning box) holds either way round: long side against long, short against short.
  const boxes = group.flatMap((r) => [r['video.pixels']?.value.box, r['video.pixels']?.value.warnBox])
  return clean({
    ratio: ratioRange(group.map((r) => ratioOf(r['video.aspect_ratio']))),
    minWidth: maxOf(group.map((r) => r['video.min_dimensions']?.value.minWidth)),
    minHeight: maxOf(group.map((r) => r['video.min_dimensions']?.value.minHeight)),
    minShort: maxOf(group.map((r) => r['video.pixels']?.value.minSide)),
    maxSide: minOf([...group.map((r) => r['video.min_dimensions']?.value.maxSide), ...boxes.map((b) => b?.long)]),
    maxShort: minOf(boxes.map((b) => b?.short)),
    maxWidth: minOf(group.map((r) => r['video.width_max']?.value.max)),
    maxPixels: minOf(group.map((r) => r['video.pixels']?.value.max)),
    fps: clean({
      min: maxOf(group.map((r) => r['video.frame_rate']?.value.min)),
      max: minOf(group.map((r) => r['video.frame_rate']?.value.max)),
    }),
    constantRate: group.some((r) => r['video.frame_rate_mode'] !== undefined),
    maxBitrate: minOf(group.map((r) => r['video.bitrate']?.value.max)),
    maxBytes: minOf(
      group.map((r) => {
        const value = r['video.file_size']?.value
        return value ? largestPassingVideo(value, post) : undefined
      }),
    ),
    minDurationS: maxOf(group.map((r) => r['video.duration_min']?.value.min)),
    maxDurationS: minOf(
      group.map((r) => {
        const value = r['video.duration_max']?.value
        return value ? longestPassing(value, post) : undefined
      }),
    ),
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
