// What a Mastodon instance publishes in its `configuration`, and which default limit each field replaces (§6).
import type { Limit, RuleId } from '../src/rule-types.js'

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
