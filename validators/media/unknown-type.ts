// media.unknown_type: bytes of no known media type, or a type the target does not list.
import type { Check } from '../../src/rule-types.js'

// Types servers identify by their base format: an APNG is a PNG to Mastodon's content-type detection.
const SEEN_AS: Record<string, string> = { 'image/apng': 'image/png' }

export const unknownType: Check<'media.unknown_type'> = ({ media }, { value }) => {
  if (!media) return []
  const listed = value.supportedMimes
  if (
    media.kind !== 'unknown' &&
    (!listed || (media.mime !== null && listed.includes(SEEN_AS[media.mime] ?? media.mime)))
  )
    return []
  return [{ rule: 'media.unknown_type', args: { mime: media.mime } }]
}
