// Wording of the post family: caption, alt text, cover frame, product tags, carousel and instance limits.
import type { Counting, TextBounds, TextProblem } from '../rules/index.js'
import type { Rendered, Renderers } from './render.js'
import { count } from '../client/units.js'

const counted = (counting: Counting, urlLength = 23): string =>
  ({
    code_points: 'characters',
    graphemes_emoji_bytes: 'characters (an emoji counts as its UTF-8 bytes, 4 or more)',
    mastodon: `characters (a link counts as ${urlLength}, a remote mention as @user)`,
    x_weighted: 'weighted characters (a link counts as 23, an emoji or a CJK character as 2)',
    graphemes: 'characters (grapheme clusters: an emoji or a letter with its accents counts once)',
    utf8_bytes: 'bytes in UTF-8 (an accented letter counts 2, most emoji 4)',
    utf16: 'UTF-16 units (an emoji counts 2 or more)',
  })[counting]

/** A text (caption or title) that is too long in bytes, or holds characters the platform refuses. */
function textProblem(
  field: string,
  { problem, bytes: size, chars }: { problem?: TextProblem | 'empty'; bytes?: number; chars?: readonly string[] },
  value: TextBounds,
  site: string,
): Rendered | null {
  if (problem === 'bytes' && value.maxBytes !== undefined)
    return {
      message: `The ${field} is ${count(size ?? 0)} bytes in UTF-8; ${site} accepts at most ${count(value.maxBytes)} bytes as well as ${count(value.max)} ${counted(value.counting)}.`,
      expected: `<= ${value.maxBytes} bytes`,
      actual: size ?? null,
      fix: `Shorten the ${field} by ${plural((size ?? 0) - value.maxBytes, 'byte')} (emoji and non-Latin letters take 2 to 4 bytes each).`,
    }
  if (problem === 'forbidden')
    return {
      message: `The ${field} holds ${(chars ?? []).join(' and ')}; ${site} refuses ${(value.forbidden ?? []).join(' and ')} in it.`,
      expected: `no ${(value.forbidden ?? []).join(' ')}`,
      actual: (chars ?? []).join(' '),
      fix: `Remove ${(chars ?? []).join(' and ')} from the ${field} (write ‹ › or words instead).`,
    }
  if (problem === 'empty')
    return {
      message: `The ${field} is blank; ${site} needs one.`,
      expected: `a non-blank ${field}`,
      actual: '',
      fix: `Give the post a ${field}.`,
    }
  return null
}

const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`

const notSent = (field: string, site: string) => `${site} takes no ${field}: it is not sent with the post.`

export const postMessages: Renderers<'post'> = {
  'post.caption_length': ({ length, spoilerText, ...problem }, { value }, site) => {
    if ('sent' in value)
      return { message: notSent('caption', site), expected: 'no caption', actual: length, fix: 'Drop the caption.' }
    const other = textProblem('caption', problem, value, site)
    if (other) return other
    if (value.warnAbove !== undefined && length <= value.max)
      return {
        message: `The caption is ${count(length)} ${counted(value.counting)}; ${site} accepts ${count(value.max)} but documents ${count(value.warnAbove)} elsewhere and may cut the rest.`,
        expected: `<= ${value.warnAbove}`,
        actual: length,
        fix: `Keep the caption to ${count(value.warnAbove)} characters (${plural(length - value.warnAbove, 'character')} fewer).`,
      }
    const what = spoilerText ? 'The content warning and the caption together are' : 'The caption is'
    return {
      message: `${what} ${count(length)} ${counted(value.counting, value.urlLength)}; ${site} accepts at most ${count(value.max)}.`,
      expected: `<= ${value.max}`,
      actual: length,
      fix: `Shorten the ${spoilerText ? 'caption or the content warning' : 'caption'} by ${plural(length - value.max, 'character')}.`,
    }
  },
  'post.title_length': ({ length, ...problem }, { value }, site) =>
    textProblem('title', problem, value, site) ?? {
      message: `The title is ${count(length)} ${counted(value.counting)}; ${site} accepts at most ${count(value.max)}.`,
      expected: `<= ${value.max}`,
      actual: length,
      fix: `Shorten the title by ${plural(length - value.max, 'character')}.`,
    },
  'post.hashtags': ({ count: n }, { value }, site) => ({
    message: `The caption has ${n} hashtags; ${site} accepts at most ${value.max}.`,
    expected: `<= ${value.max}`,
    actual: n,
    fix: `Remove ${plural(n - value.max, 'hashtag')}.`,
  }),
  'post.mentions': ({ count: n }, { value }, site) => ({
    message: `The caption mentions ${n} accounts (@name); ${site} accepts at most ${value.max}.`,
    expected: `<= ${value.max}`,
    actual: n,
    fix: `Remove ${plural(n - value.max, '@mention')}.`,
  }),
  'post.links': ({ count: n, hosts }, { value }, site) => ({
    message: `The caption holds ${n} distinct links (${hosts.slice(0, 8).join(', ')}); ${site} accepts at most ${value.max} (THREADS_API__LINK_LIMIT_EXCEEDED).`,
    expected: `<= ${value.max}`,
    actual: n,
    fix: `Remove ${plural(n - value.max, 'link')}, or move them to a reply.`,
  }),
  'post.thumb_offset': ({ offsetMs, durationMs }, { value }, site) => {
    if ('sent' in value)
      return {
        message: notSent('cover frame offset', site),
        expected: 'no thumbOffsetMs',
        actual: offsetMs,
        fix: 'Drop thumbOffsetMs.',
      }
    return {
      message: `The cover frame offset ${count(offsetMs)} ms is outside the ${count(durationMs ?? 0)} ms video; ${site} needs 0 <= offset < duration.`,
      expected: `0 to ${(durationMs ?? 1) - 1}`,
      actual: offsetMs,
      fix: `Pick an offset inside the clip (at most ${count(Math.max(0, (durationMs ?? 1) - 1))} ms), or omit thumbOffsetMs.`,
    }
  },
  'post.product_tags': ({ problem, count: n, productIds }, { value }, site) => {
    const list = productIds.slice(0, 5).join(', ')
    if ('sent' in value)
      return { message: notSent('product tags', site), expected: 'no productTags', actual: n, fix: 'Drop productTags.' }
    switch (problem) {
      case 'count':
        return {
          message: `The post has ${n} product tags; ${site} accepts at most ${value.max}.`,
          expected: `<= ${value.max}`,
          actual: n,
          fix: `Keep at most ${value.max} distinct products.`,
        }
      case 'duplicate':
        return {
          message: `Product ${list} is tagged more than once; ${site} refuses duplicate product tags.`,
          expected: 'distinct products',
          actual: list,
          fix: 'Tag each product once.',
        }
      case 'out_of_range':
        return {
          message: `Product tag ${list} has x or y outside 0.0-1.0; ${site} refuses it.`,
          expected: '0.0 <= x, y <= 1.0',
          actual: list,
          fix: 'Give x and y as fractions of the width and height, from the top-left corner.',
        }
      case 'position_missing':
        return {
          message: `Product tag ${list} has no x and y; on a photo ${site} needs both.`,
          expected: 'x and y on photo tags',
          actual: list,
          fix: 'Add x and y (0.0-1.0 from the top-left corner) to each tag.',
        }
      case 'position_on_video':
        return {
          message: `Product tag ${list} has x or y; on a video ${site} takes tags without a position.`,
          expected: 'no x or y on video tags',
          actual: list,
          fix: 'Send video tags without x and y.',
        }
    }
  },
  'post.carousel_size': ({ count: n }, { value }, site) => {
    const range = value.min === undefined ? `at most ${value.max}` : `${value.min} to ${value.max}`
    return {
      message: `The post has ${n} media item${n === 1 ? '' : 's'}; ${site} takes ${range}.`,
      expected: value.min === undefined ? `<= ${value.max}` : `${value.min}-${value.max}`,
      actual: n,
      fix:
        n > value.max
          ? `Split it into posts of at most ${value.max} items.`
          : `Add items to reach ${value.min}, or post the item alone.`,
    }
  },
  'post.media_mix': ({ count: n, alone }, { value }, site) => {
    const one = {
      audio: 'an audio file',
      video: value.silentVideoMixes ? 'a video with sound' : 'a video',
      gif: 'an animated GIF',
      image: 'an image',
      unknown: 'an unknown file',
    }[alone]
    return {
      message: `The post has ${n} attachments and one is ${one}; ${site} takes such an attachment only on its own.`,
      expected: `a ${alone} alone`,
      actual: `${n} attachments`,
      fix:
        alone === 'video' && value.silentVideoMixes
          ? 'Post the video alone, or strip its sound (ffmpeg -i in.mp4 -an -c:v copy out.mp4) to send it as a GIF-like loop.'
          : `Post the ${alone === 'gif' ? 'GIF' : alone} alone, and the other items in another post.`,
    }
  },
  'post.alt_text_length': ({ length, bytes: size, notSent: none }, { value }, site) => {
    if ('sent' in value)
      return { message: notSent('alt text', site), expected: 'no altText', actual: length, fix: 'Drop altText.' }
    if (none)
      return {
        message: `${site} takes alt text on images and GIFs only: this post has none, so the alt text is not sent.`,
        expected: 'an image to describe',
        actual: length,
        fix: null,
      }
    if (size !== undefined && value.video)
      return {
        message: `The alt text is ${count(length)} characters (${count(size)} bytes); on a video ${site} servers older than 2026-08 accept at most ${count(value.video.max)} characters and ${count(value.video.maxBytes)} bytes.`,
        expected: `<= ${value.video.max}`,
        actual: length,
        fix: `Shorten the alt text to ${count(value.video.max)} characters.`,
      }
    return {
      message: `The alt text is ${count(length)} characters; ${site} accepts at most ${count(value.max)}.`,
      expected: `<= ${value.max}`,
      actual: length,
      fix: `Shorten the alt text to ${count(value.max)} characters.`,
    }
  },
  'post.instance_limits': ({ instance, reason, detail }) => ({
    message: `The limits of ${instance} could not be read (${reason}: ${detail}); Mastodon's default limits were used instead.`,
    expected: 'GET /api/v2/instance with a configuration',
    actual: reason,
    fix: 'Retry later; check that the instance URL is right and its API is public.',
  }),
}
