// Rule catalogue, video family: container, stream and timing rules of a video item, read from its bytes.
import type { Ratio } from '../limits.js'

/** Mastodon keeps a video as sent only when all of these hold; anything else is re-encoded. */
export interface Passthrough {
  containers: readonly string[]
  codecs: readonly string[]
  pixFmts: readonly string[]
  /** Audio codecs kept as sent; a silent video qualifies too. */
  audioCodecs: readonly string[]
}

export interface VideoRules {
  'video.container': {
    scope: 'item'
    /** Containers that pass; those in `warn` are taken but at risk (tier `warn`); any other gets the base labels. */
    limit: { accept: readonly string[]; warn?: readonly string[] }
    args: { container: string | null }
    tier: 'warn'
  }
  'video.no_video_stream': { scope: 'item'; limit: null; args: { mime: string | null }; tier: never }
  'video.codec': {
    scope: 'item'
    /**
     * Codecs accepted; `warn`: accepted at risk (tier `warn`); with `passthrough`, a file outside it is
     * flagged as re-encoded instead.
     */
    limit: { accept: readonly string[]; warn?: readonly string[]; passthrough?: Passthrough }
    args: { codec: string; reencoded: readonly string[] }
    tier: 'warn'
  }
  'video.profile': {
    scope: 'item'
    limit: { maxBitDepth: number }
    args: { profile: string | null; bitDepth: number }
    tier: never
  }
  'video.chroma_subsampling': {
    scope: 'item'
    limit: { accept: readonly string[] }
    args: { chroma: string; pixFmt: string | null }
    tier: never
  }
  'video.color': {
    scope: 'item'
    /** Transfers and primaries flagged, and whether full (pc) range is flagged. */
    limit: { transfers: readonly string[]; primaries: readonly string[]; fullRange: boolean }
    args: {
      transfer: string | null
      primaries: string | null
      range: string | null
      issues: readonly ('hdr' | 'wide_gamut' | 'full_range')[]
    }
    tier: never
  }
  'video.interlaced': { scope: 'item'; limit: null; args: { fieldOrder: string }; tier: never }
  'video.frame_rate': {
    scope: 'item'
    /**
     * Inclusive range on the 2-decimal average; `floor`: compare ⌊fps⌋ (Mastodon); tier `near` for
     * `nearMin` ≤ fps < `min` (NTSC 23.976 against a floor of 24).
     */
    limit: { min?: number; max: number; floor?: boolean; nearMin?: number }
    args: { fps: number; variable: boolean }
    tier: 'near'
  }
  /** The stream's base rate (`r_frame_rate`) and its average differ by more than `maxDiffPercent` % of the base rate. */
  'video.frame_rate_mode': {
    scope: 'item'
    limit: { maxDiffPercent: number }
    args: { fps: number; realFps: number }
    tier: never
  }
  /** Displayed width or height below its minimum, or (with `maxSide`) either side above it. */
  'video.min_dimensions': {
    scope: 'item'
    limit: { minWidth: number; minHeight: number; maxSide?: number }
    args: { width: number; height: number; bound: 'min' | 'max' }
    tier: never
  }
  'video.width_max': { scope: 'item'; limit: { max: number }; args: { width: number; height: number }; tier: never }
  'video.aspect_ratio': {
    scope: 'item'
    /**
     * Base labels outside [min, max]; tier `not_recommended` farther than `tolerance` from `recommended`;
     * tier `mismatch` when the ratio differs from item 0's by more than `matchFirstPercent` % (compared exactly).
     */
    limit: { min?: Ratio; max?: Ratio; recommended?: Ratio; tolerance?: number; matchFirstPercent?: number }
    args: {
      width: number
      height: number
      ratio: number
      bound: 'min' | 'max' | 'recommended' | 'first'
      first?: number
    }
    tier: 'not_recommended' | 'mismatch'
  }
  'video.bitrate': { scope: 'item'; limit: { max: number }; args: { bitrate: number; computed: boolean }; tier: never }
  'video.duration_min': { scope: 'item'; limit: { min: number }; args: { durationS: number }; tier: never }
  'video.duration_max': {
    scope: 'item'
    /**
     * Seconds; or, for a file re-encoded outside `passthrough`, frames (fps × duration). Tier `near` above
     * `warnAbove` (a lower limit some accounts or clients have). A maximum the request gives for the account
     * replaces that band: `premiumMax` replaces `max` for an X Premium account (the request's `xPremium`);
     * with `creatorMax`, the TikTok creator's own `tiktokMaxDurationS` is a second maximum.
     */
    limit: {
      max?: number
      maxFrames?: number
      passthrough?: Passthrough
      warnAbove?: number
      premiumMax?: number
      creatorMax?: boolean
    }
    /** `premium`: judged against `premiumMax`; `creatorMaxS`: judged against the creator's maximum. */
    args: { durationS: number; frames?: number; premium?: boolean; creatorMaxS?: number }
    tier: 'near'
  }
  'video.file_size': {
    scope: 'item'
    /**
     * Base labels above `max` (at `max` too with `lessThan`: Mastodon's `less_than`); tier `near` above
     * `warnAbove` (Meta's decimal-vs-binary band, §0.1).
     */
    limit: { max: number; warnAbove?: number; lessThan?: boolean; premiumMax?: number }
    /** `premium`: judged against `premiumMax` (X Premium, the request's `xPremium`). */
    args: { bytes: number; premium?: boolean }
    tier: 'near'
  }
  'video.moov_position': { scope: 'item'; limit: null; args: { container: string | null }; tier: never }
  'video.edit_list': {
    scope: 'item'
    /** Base labels for a non-trivial list; tier `single` for one entry starting within `primingMaxS`. */
    limit: { primingMaxS: number }
    args: { track: number; handler: string | null; entries: number; emptyEdits: number; startS: number | null }
    tier: 'single'
  }
  'video.pixels': {
    scope: 'item'
    /**
     * `max`: width × height. `box`: the orientation-free box (PLATFORM-RULES-MORE.md §0.2), long and short
     * side; tier `near` outside `warnBox`; `minSide`: either side below it.
     */
    limit: { max?: number; box?: Box; warnBox?: Box; minSide?: number }
    args: { width: number; height: number; bound?: 'max' | 'box' | 'min_side' }
    tier: 'near'
  }
  'video.sample_aspect_ratio': {
    scope: 'item'
    /** Pixels must be square (SAR 1:1). */
    limit: null
    args: { num: number; den: number }
    tier: never
  }
}

/** An orientation-free box: the long side against `long`, the short side against `short`. */
export interface Box {
  long: number
  short: number
}
