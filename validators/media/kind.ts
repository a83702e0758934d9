// media.kind: an image where the target needs a video, a video where it needs an image, or audio.
import type { Check } from '../../src/rule-types.js'

export const kind: Check<'media.kind'> = ({ media }, { value }) => {
  if (!media || media.kind === 'unknown' || value.allowed.includes(media.kind)) return []
  return [{ rule: 'media.kind', args: { kind: media.kind } }]
}
