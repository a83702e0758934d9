// post.caption_length, post.title_length, post.hashtags, post.mentions and post.links: the caption as the platform counts it.
import type { Check } from '../../src/rule-types.js'
import { countCaption, distinctLinks, hashtagCount, mentionCount } from './text.js'

export const captionLength: Check<'post.caption_length'> = ({ post }, { value }) => {
  const caption = post.caption ?? ''
  // Only a target that counts it (Mastodon) reads the content warning; elsewhere it is not part of the text.
  const spoiler = !('sent' in value) && value.withSpoilerText ? (post.spoilerText ?? '') : ''
  if (caption === '' && spoiler === '') return []
  if ('sent' in value) return [{ rule: 'post.caption_length', args: { length: [...caption].length } }]
  const length = countCaption(caption, value.counting, value.urlLength, spoiler)
  if (length <= value.max) return []
  return [{ rule: 'post.caption_length', args: spoiler === '' ? { length } : { length, spoilerText: true } }]
}

export const titleLength: Check<'post.title_length'> = ({ post }, { value }) => {
  const length = countCaption(post.title ?? '', value.counting)
  return length > value.max ? [{ rule: 'post.title_length', args: { length } }] : []
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
