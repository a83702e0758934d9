// image.format: the image format (and JPEG multi-picture content) against the target's format policy.
import type { Check, RawFinding } from '../../src/rule-types.js'
import type { FormatPolicy, Outcome } from '../../src/rules/index.js'

type FormatFinding = RawFinding<'image.format'>

function formatOutcome(format: string, policy: FormatPolicy): Outcome {
  if (policy.accept.includes(format)) return 'pass'
  if (policy.warn.includes(format)) return 'warn'
  if (policy.reject?.includes(format)) return 'flag'
  return policy.accept.includes('*') ? 'pass' : 'flag'
}

export const format: Check<'image.format'> = ({ media }, { value }) => {
  const image = media?.image
  if (!image || media.corrupt) return []
  const args = {
    format: image.format,
    multiPicture: image.multiPicture,
    ...(image.decoded === 'structure' ? { decoded: image.decoded } : {}),
  }
  const byFormat = formatOutcome(image.format, value)
  const byPictures = { none: 'pass', stereo: value.stereo, other: value.multiPicture }[image.multiPicture] as Outcome
  // The format decides first: a refused format is reported as such even when it is also an MPO.
  const outcome = byFormat !== 'pass' ? byFormat : byPictures
  if (outcome === 'pass') return []
  const finding: FormatFinding = { rule: 'image.format', args }
  return [outcome === 'flag' || outcome === 'info' ? finding : { ...finding, tier: 'warn' }]
}
