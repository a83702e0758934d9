// Rule catalogue, post family: the caption, alt text, cover frame, product tags and carousel of a post.
import type { MediaKind } from '../facts.js'

/** A field the target takes none of: if given, it is not sent (an info note, PLATFORM-RULES.md §3, §4). */
export interface NotSent {
  sent: false
}

/**
 * How a platform counts a caption (PLATFORM-RULES.md §0.1, PLATFORM-RULES-MORE.md §0.2): Unicode code
 * points (Instagram, Pinterest, YouTube title); grapheme clusters with an emoji cluster counting as its
 * UTF-8 bytes (Threads); grapheme clusters with every http(s) URL counting `urlLength` and `@user@domain`
 * counting as `@user` (Mastodon); twitter-text's weighted length (X); extended grapheme clusters (Bluesky);
 * UTF-8 bytes (YouTube description); UTF-16 code units (TikTok).
 */
export type Counting =
  'code_points' | 'graphemes_emoji_bytes' | 'mastodon' | 'x_weighted' | 'graphemes' | 'utf8_bytes' | 'utf16'

/** A text limit's extra conditions: a second bound in UTF-8 bytes (Bluesky), characters refused (YouTube `<` `>`). */
export interface TextBounds {
  max: number
  counting: Counting
  /** The text's UTF-8 bytes must not pass this either (atproto `maxLength`). */
  maxBytes?: number
  /** Characters the platform refuses anywhere in the text. */
  forbidden?: readonly string[]
}

/** What a text finding is about: its length, its bytes, or characters the platform refuses. */
export type TextProblem = 'length' | 'bytes' | 'forbidden'

/** What is wrong with the product tags: the base labels are the count's, the tiers the others'. */
export type ProductTagProblem = 'duplicate' | 'out_of_range' | 'position_missing' | 'position_on_video'

export interface PostRules {
  'post.caption_length': {
    scope: 'post'
    /**
     * `withSpoilerText`: the content warning is counted with the text (Mastodon's status_length_validator).
     * Tier `near` above `warnAbove` (a lower limit in another official copy: Pinterest 500 vs 800).
     */
    limit: (TextBounds & { urlLength?: number; withSpoilerText?: boolean; warnAbove?: number }) | NotSent
    /** `spoilerText`: a content warning was counted in `length`; `problem` absent means `length`. */
    args: { length: number; spoilerText?: boolean; problem?: TextProblem; bytes?: number; chars?: readonly string[] }
    tier: 'near'
  }
  'post.title_length': {
    scope: 'post'
    /** The request's `title` (TikTok photo, YouTube, Pinterest); `nonEmpty`: a title given as blank is refused. */
    limit: TextBounds & { nonEmpty?: boolean }
    /** `problem` absent means `length`. */
    args: { length: number; problem?: TextProblem | 'empty'; bytes?: number; chars?: readonly string[] }
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
    /**
     * Kinds that must be the only attachment; a video without sound is a `gifv` and may mix. `gif`: an
     * animated GIF must be alone too (X posts 4 images, or 1 GIF, or 1 video).
     */
    limit: { alone: readonly (MediaKind | 'gif')[]; silentVideoMixes: boolean }
    args: { count: number; alone: MediaKind | 'gif' }
    tier: never
  }
  'post.alt_text_length': {
    scope: 'post'
    /**
     * Code points, or `graphemes` (Bluesky). `imagesOnly`: the text goes to image items only, so a post
     * without one sends none (`note`: say so, tier `not_sent`). `video`: the bound on a video item's alt
     * text, with its UTF-8 bytes (tier `video`).
     */
    limit:
      | {
          max: number
          imagesOnly?: true | 'note'
          counting?: 'graphemes'
          video?: { max: number; maxBytes: number }
        }
      | NotSent
    /** `notSent`: the post has no item that takes the text; `bytes`: judged by the `video` bound. */
    args: { length: number; bytes?: number; notSent?: true }
    tier: 'not_sent' | 'video'
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
