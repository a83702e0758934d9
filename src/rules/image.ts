// Rule catalogue, image family: format, size, shape and colour of still and animated images.
import type { ImageDecoded } from '../facts.js'
import type { Ratio } from '../limits.js'

/** How a target treats an image format: accepted, accepted with a warning, or refused (the base labels). */
export interface FormatPolicy {
  /** Formats that pass; `*` passes every format not listed in `warn`. */
  accept: readonly string[]
  /** Formats accepted but converted or at risk: tier `warn`. */
  warn: readonly string[]
  /** Formats refused even when `accept` holds `*`. Every format in no list gets the base labels too. */
  reject?: readonly string[]
  /** JPEGs whose MPF index lists a disparity or multi-angle image, or with a JPS segment. */
  stereo: Outcome
  /** Other JPEGs carrying an MPF segment (gain or depth maps). */
  multiPicture: Outcome
}

/** What a policy does with a case: nothing, a tier, or the limit's base labels (`flag`). */
export type Outcome = 'pass' | 'flag' | 'warn' | 'info'

/** A size limit with its warning band, for one format. */
export interface SizeBand {
  max: number
  warnAbove?: number
}

/** X's GIF limits: each side, the frame count and the pixels of all frames together. */
export interface GifBox {
  width: number
  height: number
  frames: number
  total: number
}

export interface ImageRules {
  'image.format': {
    scope: 'item'
    limit: FormatPolicy
    /** `decoded`: `structure` when no decoder in the stack could read the pixels (HEVC HEIC). */
    args: { format: string; multiPicture: 'none' | 'stereo' | 'other'; decoded?: ImageDecoded }
    tier: 'warn'
  }
  'image.file_size': {
    scope: 'item'
    /**
     * Error above `max` (at `max` too with `lessThan`: Mastodon's `less_than`); tier `near` above
     * `warnAbove` (Meta's decimal-vs-binary band, §0.1).
     */
    limit: {
      max: number
      warnAbove?: number
      lessThan?: boolean
      byFormat?: { readonly [format: string]: SizeBand }
      pngWarnAbove?: number
    }
    /**
     * `format`: the format whose own band in `byFormat` judged the file, or (tier `png`) a PNG above
     * `pngWarnAbove` (Facebook: "may appear pixelated").
     */
    args: { bytes: number; format?: string }
    tier: 'near' | 'png'
  }
  'image.aspect_ratio': {
    scope: 'item'
    /**
     * Base labels outside [min, max]; tier `not_recommended` farther than `tolerance` from `recommended`;
     * tier `mismatch` when a later item's ratio differs from item 0's by more than `matchFirstPercent` %.
     */
    limit: { min?: Ratio; max?: Ratio; recommended?: Ratio; tolerance?: number; matchFirstPercent?: number }
    args: {
      width: number
      height: number
      bound: 'min' | 'max' | 'recommended' | 'first'
      first?: { width: number; height: number }
    }
    tier: 'not_recommended' | 'mismatch'
  }
  /** `side`: the displayed width (default), or the short side (either side below: TikTok photo, Pinterest). */
  'image.min_width': {
    scope: 'item'
    limit: { min: number; side?: 'width' | 'short' }
    args: { width: number; height?: number }
    tier: never
  }
  /**
   * `side`: the displayed width (default), or the long side (either side above: Bluesky's 4000 px); with
   * `shortMax`, the short side above it too (TikTok's 1080p: 1920 by 1080 either way round).
   */
  'image.max_width': {
    scope: 'item'
    limit: { max: number; side?: 'width' | 'long'; shortMax?: number }
    args: { width: number; height?: number }
    tier: never
  }
  'image.pixels': {
    scope: 'item'
    /**
     * Base labels above `max` (or `gifMax` for GIFs); tier `downscaled` above `downscaleAbove`; `gifBox`:
     * an animated GIF wider, taller, longer or bigger in total (w·h·frames) than X processes.
     */
    limit: { max?: number; downscaleAbove?: number; gifMax?: number; gifBox?: GifBox }
    args: { width: number; height: number; bound: 'max' | 'gif' | 'downscale' | 'gif_box'; frames?: number }
    tier: 'downscaled'
  }
  'image.color_space': {
    scope: 'item'
    limit: { required: 'srgb' }
    args: { colorSpace: string; iccProfile: string | null }
    tier: never
  }
  'image.animated': {
    scope: 'item'
    /** Per animated format (`gif`, `webp`, `png`): what the target does with the animation. */
    limit: { readonly [format: string]: Outcome }
    args: { format: string; frames: number }
    tier: 'warn' | 'info'
  }
}
