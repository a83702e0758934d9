// What every video check starts from: the item's video stream, or nothing when it has none.
import type { MediaFacts, VideoStreamFacts } from '../../src/facts.js'

export type VideoMedia = MediaFacts & { video: VideoStreamFacts }

/** The media when it is a video with a readable video stream; null otherwise (other rules cover those). */
export function videoItem(media: MediaFacts | null): VideoMedia | null {
  return media?.kind === 'video' && media.video ? (media as VideoMedia) : null
}
