// Rule catalogue, post family: the caption, alt text, cover frame, product tags and carousel of a post.
import type { MediaKind } from '../facts.js'

/** A field the target takes none of: if given, it is not sent (an info note, PLATFORM-RULES.md §3, §4). */
export interface NotSent {
  sent: false
}

/**
 * How a platform counts a caption (PLATFORM-RULES.md §0.1): Unicode code points (Instagram); grapheme
 * clusters with an emoji cluster counting as its UTF-8 bytes (Threads); grapheme clusters with every
 * http(s) URL counting `urlLength` and `@user@domain` counting as `@user` (Mastodon); UTF-16 code units
 * (TikTok, PLATFORM-RULES-MORE.md §0.2).
 */
export type Counting = 'code_points' | 'graphemes_emoji_bytes' | 'mastodon' | 'utf16'

/** What is wrong with the product tags: the base labels are the count's, the tiers the others'. */
export type ProductTagProblem = 'duplicate' | 'out_of_range' | 'position_missing' | 'position_on_video'

export interface PostRules {
  'post.caption_length': {
    scope: 'post'
    /** `withSpoilerText`: the content warning is counted with the text (Mastodon's status_length_validator). */
    limit: { max: number; counting: Counting; urlLength?: number; withSpoilerText?: boolean } | NotSent
    /** `spoilerText`: a content warning was counted in `length`. */
    args: { length: number; spoilerText?: boolean }
    tier: never
  }
  /** The request's `title` field (TikTok photo title, YouTube and Pinterest titles). */
  'post.title_length': {
    scope: 'post'
    limit: { max: number; counting: Counting }
    args: { length: number }
    tier: never
  }
  'post.hashtags': { scope: 'post'; limit: { max: number }; args: { count: number }; tier: never }
  'post.mentions': { scope: 'post'; limit: { max: number }; args: { count: number }; tier: never }
  'post.links': { scope: 'post'; limit: { max: number }; args: { count: number; hosts: string[] }; tier: never }
  'post.thumb_offset': {
    scope: 'post'
    /** 0 ≤ offset < ⌊duration·1000⌋ for every video item; the finding names the item. */
    limit: { insideVideo: true } | NotSent
    args: { offsetMs: number; durationMs: number | null }
    tier: never
  }
  'post.product_tags': {
    scope: 'post'
    /** More than `max` tags: base labels; every other problem is a tier. Positions are judged per item. */
    limit: { max: number } | NotSent
    args: { problem: ProductTagProblem | 'count'; count: number; productIds: string[] }
    tier: ProductTagProblem
  }
  'post.carousel_size': {
    scope: 'post'
    limit: { min?: number; max: number }
    args: { count: number }
    tier: never
  }
  'post.media_mix': {
    scope: 'post'
    /** Kinds that must be the only attachment; a video without sound is a `gifv` and may mix. */
    limit: { alone: readonly MediaKind[]; silentVideoMixes: boolean }
    args: { count: number; alone: MediaKind }
    tier: never
  }
  'post.alt_text_length': {
    scope: 'post'
    /** Code points. `imagesOnly`: the text goes to image items only, so a post without one sends none. */
    limit: { max: number; imagesOnly?: boolean } | NotSent
    args: { length: number }
    tier: never
  }
  'post.instance_limits': {
    scope: 'stage'
    limit: null
    args: { instance: string; reason: InstanceFailure; detail: string }
    tier: never
  }
}

/** Why a Mastodon instance's limits could not be read. */
export type InstanceFailure =
  | 'unreachable'
  | 'timeout'
  | 'status'
  | 'too_large'
  | 'invalid_json'
  | 'redirects'
  | 'no_configuration'
  | 'private_address'
