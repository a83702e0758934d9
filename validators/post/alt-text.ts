// post.alt_text_length: the alt text in code points, against the target's limit (or a note that it is not sent).
import type { Check } from '../../src/rule-types.js'

export const altTextLength: Check<'post.alt_text_length'> = ({ items, post }, { value }) => {
  const text = post.altText ?? ''
  if (text === '') return []
  const length = [...text].length
  if ('sent' in value) return [{ rule: 'post.alt_text_length', args: { length } }]
  if (value.imagesOnly && !items.some((m) => m?.kind === 'image')) return []
  return length > value.max ? [{ rule: 'post.alt_text_length', args: { length } }] : []
}
