// post.carousel_size and post.media_mix: how many items a post holds, and which kinds may share it.
import type { MediaFacts } from '../../src/facts.js'
import type { Check } from '../../src/rule-types.js'

export const carouselSize: Check<'post.carousel_size'> = ({ items }, { value }) => {
  const count = items.length
  if (count <= value.max && (value.min === undefined || count >= value.min)) return []
  return [{ rule: 'post.carousel_size', args: { count } }]
}

// X posts an animated GIF (media category `tweet_gif`) like a video: on its own.
const isAnimatedGif = (media: MediaFacts) => media.image?.format === 'gif' && media.image.animated

export const mediaMix: Check<'post.media_mix'> = ({ items }, { value }) => {
  if (items.length < 2) return []
  for (const media of items) {
    if (!media) continue
    if (value.alone.includes('gif') && isAnimatedGif(media))
      return [{ rule: 'post.media_mix', args: { count: items.length, alone: 'gif' } }]
    if (!value.alone.includes(media.kind)) continue
    // Mastodon stores a video without sound as a looping `gifv`, which may sit beside images.
    if (media.kind === 'video' && value.silentVideoMixes && media.audio === null) continue
    return [{ rule: 'post.media_mix', args: { count: items.length, alone: media.kind } }]
  }
  return []
}
