// The contract's report and the client's options, as types only: nothing here reaches the browser bundle.
export type { Finding, ItemReport, Report, TargetResult } from '../pipeline/report.js'
export type { Verdict } from '../pipeline/evaluate.js'
export type { AudioStreamFacts, ImageFacts, MediaFacts, MediaKind, ProductTag, VideoStreamFacts } from '../facts.js'
export type { SourceFacts } from '../fetch/source.js'
export type { Action, Severity } from '../limits.js'
export type { RuleId } from '../rule-types.js'
export type { TargetName } from '../../platforms/targets.js'
import type { MediaKind, ProductTag } from '../facts.js'

/** The post fields of a request (CONTRACT.md), the same for every media item. */
export interface PostOptions {
  caption?: string
  /** Mastodon's content warning: counted with the caption toward the instance's character limit. */
  spoilerText?: string
  altText?: string
  thumbOffsetMs?: number
  productTags?: ProductTag[]
  mastodonInstance?: string
  depth?: 'full' | 'quick'
  /** The X account has Premium limits (longer and larger videos). */
  xPremium?: boolean
  /** The post title (TikTok photo, YouTube, Pinterest). */
  title?: string
  /** The TikTok app's verified domains or URL prefixes; without them URL ownership is only noted. */
  tiktokVerifiedPrefixes?: string[]
  /** The TikTok creator's max_video_post_duration_sec. */
  tiktokMaxDurationS?: number
}

export interface CheckOptions extends PostOptions {
  /** Where the service is, e.g. `https://preflight.example`; default: the page's own origin. */
  baseUrl?: string
  /** Sent as `Authorization: Bearer <key>` when the service has PREFLIGHT_API_KEYS set. */
  apiKey?: string
  /** Aborting rejects with the signal's reason (an `AbortError` DOMException by default). */
  signal?: AbortSignal
}

export interface UploadProgress {
  loaded: number
  /** Null when the browser cannot tell the request's size. */
  total: number | null
  fraction: number | null
}

export interface FileCheckOptions extends CheckOptions {
  onProgress?: (progress: UploadProgress) => void
  /** Called once, as soon as the browser has read the file itself, usually long before the report. */
  onProvisional?: (check: ProvisionalCheck) => void
}

/** What the browser's own decoders say about a file: a hint, not a verdict; the report decides. */
export interface ProvisionalCheck {
  provisional: true
  name: string
  sizeBytes: number
  kind: MediaKind
  /** The browser's guess, from the file name: the service sniffs the bytes. */
  type: string | null
  /** Whether the browser could decode it; false says nothing about the platforms. */
  decodable: boolean
  width: number | null
  height: number | null
  durationS: number | null
}
