// What a Mastodon instance publishes in its `configuration`, which default limit each field replaces, and
// which limits follow the instance's `version` (§6; CONTRACT.md "Mastodon versions").
import type { Source } from '../src/limits.js'
import type { Limit, RuleId } from '../src/rule-types.js'
import { MASTODON_PASSTHROUGH } from './mastodon.js'
import { MPR, MSRC } from './sources.js'

type KeysOf<T> = T extends object ? Extract<keyof T, string> : never

/** One instance field: where it sits in `configuration`, its type, and the limit value it sets. */
export type InstanceField = {
  [R in RuleId]: { field: string; kind: 'count' | 'mimes'; rule: R; key: KeysOf<Limit<R>['value']> }
}[RuleId]

export const INSTANCE_FIELDS: readonly InstanceField[] = [
  { field: 'media_attachments.supported_mime_types', kind: 'mimes', rule: 'media.unknown_type', key: 'supportedMimes' },
  { field: 'media_attachments.image_size_limit', kind: 'count', rule: 'image.file_size', key: 'max' },
  { field: 'media_attachments.image_matrix_limit', kind: 'count', rule: 'image.pixels', key: 'max' },
  { field: 'media_attachments.video_size_limit', kind: 'count', rule: 'video.file_size', key: 'max' },
  { field: 'media_attachments.video_matrix_limit', kind: 'count', rule: 'video.pixels', key: 'max' },
  { field: 'media_attachments.video_frame_rate_limit', kind: 'count', rule: 'video.frame_rate', key: 'max' },
  { field: 'media_attachments.description_limit', kind: 'count', rule: 'post.alt_text_length', key: 'max' },
  { field: 'statuses.max_characters', kind: 'count', rule: 'post.caption_length', key: 'max' },
  { field: 'statuses.characters_reserved_per_url', kind: 'count', rule: 'post.caption_length', key: 'urlLength' },
  { field: 'statuses.max_media_attachments', kind: 'count', rule: 'post.carousel_size', key: 'max' },
]

/** Releases that advertise image formats they then fail on (HTTP 500): those formats become errors. */
export const BROKEN_RELEASES: readonly { release: string; formats: readonly string[] }[] = [
  { release: '4.7.2', formats: ['heif', 'avif'] }, // MPR #40541 / #40542
]

/** A Mastodon release, [major, minor, patch]. */
export type Release = readonly [number, number, number]

/**
 * A limit Mastodon's own code changed between releases. mastodon.ts holds the latest release's value;
 * an instance whose `version` is older than `since` gets `before` (merged into the limit's value).
 * A field the instance publishes in `configuration` still wins over both.
 */
export type VersionedLimit = {
  [R in RuleId]: {
    rule: R
    since: Release
    before: Partial<Extract<Limit<R>['value'], object>>
    source: Source
    change: string
  }
}[RuleId]

/** Passthrough before 4.4: `yuvj420p` (full-range JPEG-style H.264, phone cameras) was re-encoded. */
const PASSTHROUGH_BEFORE_4_4 = { ...MASTODON_PASSTHROUGH, pixFmts: ['yuv420p'] }

export const VERSIONED_LIMITS: readonly VersionedLimit[] = [
  // The 4.2 limits (§6, §9 D13). Instances from 3.4.2 publish these in `configuration`, which wins; the
  // older values matter for an instance without it, or one leaving a field out.
  {
    rule: 'image.file_size',
    since: [4, 2, 0],
    before: { max: 10_485_760 },
    source: MPR,
    change: '#23726: 16 MiB from 4.2, 10 MiB before',
  },
  {
    rule: 'image.pixels',
    since: [4, 2, 0],
    before: { max: 16_777_216 },
    source: MPR,
    change: '#23726: image matrix 33,177,600 from 4.2, 16,777,216 before',
  },
  {
    rule: 'video.file_size',
    since: [4, 2, 0],
    before: { max: 41_943_040 },
    source: MPR,
    change: '#23726: 99 MiB from 4.2, 40 MiB before',
  },
  {
    rule: 'video.pixels',
    since: [4, 2, 0],
    before: { max: 2_304_000 },
    source: MPR,
    change: '#23726: video matrix 8,294,400 from 4.2, 2,304,000 before',
  },
  {
    rule: 'video.frame_rate',
    since: [4, 2, 0],
    before: { max: 60 },
    source: MPR,
    change: '#23726: 120 fps from 4.2, 60 before',
  },
  {
    rule: 'video.codec',
    since: [4, 4, 0],
    before: { passthrough: PASSTHROUGH_BEFORE_4_4 },
    source: MSRC,
    change: '#34098: yuvj420p kept from 4.4',
  },
  {
    rule: 'video.duration_max',
    since: [4, 4, 0],
    before: { passthrough: PASSTHROUGH_BEFORE_4_4 },
    source: MSRC,
    change: '#34098: yuvj420p kept (not re-encoded, not cut) from 4.4',
  },
  {
    rule: 'post.alt_text_length',
    since: [4, 6, 0],
    before: { max: 1_500 },
    source: MSRC,
    change: '#39306: 10,000 from 4.6, 1,500 before',
  },
]
