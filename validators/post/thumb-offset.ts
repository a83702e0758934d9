// post.thumb_offset: the cover frame offset must fall inside every video item (0 ≤ offset < ⌊duration·1000⌋).
import type { Check, PostFinding } from '../../src/rule-types.js'

export const thumbOffset: Check<'post.thumb_offset'> = ({ items, post }, { value }) => {
  const offsetMs = post.thumbOffsetMs
  if (offsetMs === undefined) return []
  if ('sent' in value) return [{ rule: 'post.thumb_offset', args: { offsetMs, durationMs: null } }]
  const found: PostFinding<'post.thumb_offset'>[] = []
  items.forEach((media, item) => {
    if (media?.kind !== 'video' || media.durationS === null) return
    const durationMs = Math.floor(media.durationS * 1000)
    if (offsetMs < 0 || offsetMs >= durationMs)
      found.push({ rule: 'post.thumb_offset', args: { offsetMs, durationMs }, item })
  })
  return found
}
