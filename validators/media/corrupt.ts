// media.corrupt: a known media type whose bytes sharp or ffprobe could not read.
import type { Check } from '../../src/rule-types.js'

export const corrupt: Check<'media.corrupt'> = ({ media }) => {
  if (!media?.corrupt) return []
  const args = { kind: media.kind, reason: media.corrupt }
  return [media.kind === 'video' ? { rule: 'media.corrupt', args, tier: 'video' } : { rule: 'media.corrupt', args }]
}
