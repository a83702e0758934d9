// post.caption_length, post.title_length, post.hashtags, post.mentions and post.links: the post's text as the platform counts it.
import type { Check, PostFinding } from '../../src/rule-types.js'
import type { TextBounds, TextProblem } from '../../src/rules/index.js'
import { countCaption, distinctLinks, forbiddenIn, hashtagCount, mentionCount } from './text.js'

interface TextVerdict {
  length: number
  problem: TextProblem
  bytes?: number
  chars?: readonly string[]
}

/** The text's length as counted, and every way it breaks `bounds`: too long, too many UTF-8 bytes, refused characters. */
function measure(
  text: string,
  bounds: TextBounds,
  urlLength?: number,
  prefix = '',
): { length: number; found: TextVerdict[] } {
  const length = countCaption(text, bounds.counting, urlLength, prefix)
  const found: TextVerdict[] = []
  if (length > bounds.max) found.push({ length, problem: 'length' })
  const bytes = bounds.maxBytes === undefined ? 0 : Buffer.byteLength(prefix + text, 'utf8')
  if (bounds.maxBytes !== undefined && bytes > bounds.maxBytes) found.push({ length, problem: 'bytes', bytes })
  const chars = forbiddenIn(text, bounds.forbidden)
  if (chars.length) found.push({ length, problem: 'forbidden', chars })
  return { length, found }
}

export const captionLength: Check<'post.caption_length'> = ({ post }, { value }) => {
  const caption = post.caption ?? ''
  // Only a target that counts it (Mastodon) reads the content warning; elsewhere it is not part of the text.
  const spoiler = !('sent' in value) && value.withSpoilerText ? (post.spoilerText ?? '') : ''
  if (caption === '' && spoiler === '') return []
  if ('sent' in value) return [{ rule: 'post.caption_length', args: { length: [...caption].length } }]
  const { length, found } = measure(caption, value, value.urlLength, spoiler)
  const findings: PostFinding<'post.caption_length'>[] = found.map(({ problem, ...rest }) => ({
    rule: 'post.caption_length',
    args: { ...rest, ...(problem === 'length' ? {} : { problem }), ...(spoiler === '' ? {} : { spoilerText: true }) },
  }))
  const near = value.warnAbove !== undefined && length > value.warnAbove && length <= value.max
  if (near) findings.push({ rule: 'post.caption_length', args: { length }, tier: 'near' })
  return findings
}

export const titleLength: Check<'post.title_length'> = ({ post }, { value }) => {
  const title = post.title
  if (title === undefined) return []
  if (title.trim() === '')
    return value.nonEmpty ? [{ rule: 'post.title_length', args: { length: 0, problem: 'empty' } }] : []
  return measure(title, value).found.map(({ problem, ...rest }) => ({
    rule: 'post.title_length',
    args: problem === 'length' ? rest : { ...rest, problem },
  }))
}

export const hashtags: Check<'post.hashtags'> = ({ post }, { value }) => {
  const count = hashtagCount(post.caption ?? '')
  return count > value.max ? [{ rule: 'post.hashtags', args: { count } }] : []
}

export const mentions: Check<'post.mentions'> = ({ post }, { value }) => {
  const count = mentionCount(post.caption ?? '')
  return count > value.max ? [{ rule: 'post.mentions', args: { count } }] : []
}

export const links: Check<'post.links'> = ({ post }, { value }) => {
  const found = distinctLinks(post.caption ?? '')
  if (found.length <= value.max) return []
  return [
    {
      rule: 'post.links',
      args: { count: found.length, hosts: [...new Set(found.map((l) => l.split(/[/?#]/)[0] ?? l))] },
    },
  ]
}
