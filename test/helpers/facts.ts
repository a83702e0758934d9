// Facts builders for pure check tests: a plausible image or video with only the named fields changed.
import { blankMedia, type ImageFacts, type ItemFacts, type MediaFacts, type PostFacts } from '../../src/facts.js'

export function imageMedia(overrides: Partial<MediaFacts> = {}, image: Partial<ImageFacts> = {}): MediaFacts {
  return {
    ...blankMedia({ kind: 'image', mime: 'image/jpeg', ext: 'jpg' }, 100_000),
    container: 'jpeg',
    width: 1080,
    height: 1350,
    codedWidth: 1080,
    codedHeight: 1350,
    image: {
      format: 'jpeg',
      animated: false,
      frames: 1,
      colorSpace: 'srgb',
      iccProfile: null,
      orientation: 1,
      hasAlpha: false,
      multiPicture: 'none',
      ...image,
    },
    ...overrides,
  }
}

export function item(media: MediaFacts | null, post: PostFacts = {}): ItemFacts {
  return { index: 0, media, items: [media], post }
}
