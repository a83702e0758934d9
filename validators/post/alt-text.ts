// post.alt_text_length: the alt text as the platform counts it, against the target's limit (or a note that it is not sent).
import type { Check, PostFinding } from '../../src/rule-types.js'
import { graphemeCount } from './text.js'

export const altTextLength: Check<'post.alt_text_length'> = ({ items, post }, { value }) => {
  const text = post.altText ?? ''
  if (text === '') return []
  if ('sent' in value) return [{ rule: 'post.alt_text_length', args: { length: [...text].length } }]
  const length = value.counting === 'graphemes' ? graphemeCount(text) : [...text].length
  if (value.imagesOnly && !items.some((m) => m?.kind === 'image')) {
    return value.imagesOnly === 'note'
      ? [{ rule: 'post.alt_text_length', args: { length, notSent: true }, tier: 'not_sent' }]
      : []
  }
  const video = value.video
  if (!video || !items.some((m) => m?.kind === 'video'))
    return length > value.max ? [{ rule: 'post.alt_text_length', args: { length } }] : []
  // One alt text goes to every item: a video has its own bound (Bluesky's lexicon before 2026-08), an image the base one.
  const found: PostFinding<'post.alt_text_length'>[] = []
  if (length > value.max && items.some((m) => m?.kind === 'image'))
    found.push({ rule: 'post.alt_text_length', args: { length } })
  const bytes = Buffer.byteLength(text, 'utf8')
  if (length > video.max || bytes > video.maxBytes)
    found.push({ rule: 'post.alt_text_length', args: { length, bytes }, tier: 'video' })
  return found
}
