// Facts builders for pure check tests: a plausible image or video with only the named fields changed.
import {
  blankMedia,
  type AudioStreamFacts,
  type ImageFacts,
  type ItemFacts,
  type MediaFacts,
  type PostFacts,
  type VideoStreamFacts,
} from '../../src/facts.js'

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
      decoded: 'whole',
      ...image,
    },
    ...overrides,
  }
}

export function item(media: MediaFacts | null, post: PostFacts = {}): ItemFacts {
  return { index: 0, media, items: [media], post }
}

/** A conforming 1080x1920 H.264/AAC MP4 of 30 s; override any media, video or audio field. */
export function videoMedia(
  overrides: Partial<MediaFacts> = {},
  video: Partial<VideoStreamFacts> = {},
  audio: Partial<AudioStreamFacts> | null = {},
): MediaFacts {
  return {
    ...blankMedia({ kind: 'video', mime: 'video/mp4', ext: 'mp4' }, 20_000_000),
    width: 1080,
    height: 1920,
    codedWidth: 1080,
    codedHeight: 1920,
    durationS: 30,
    moovAtFront: true,
    editLists: [],
    video: {
      codec: 'h264',
      profile: 'High',
      pixFmt: 'yuv420p',
      chroma: '4:2:0',
      bitDepth: 8,
      fps: 30,
      realFps: 30,
      variableFrameRate: false,
      bitrate: 5_000_000,
      bitrateComputed: false,
      interlaced: false,
      fieldOrder: 'progressive',
      sampleAspect: { num: 1, den: 1 },
      colorTransfer: 'bt709',
      colorPrimaries: 'bt709',
      colorRange: 'tv',
      ...video,
    },
    audio:
      audio === null
        ? null
        : { codec: 'aac', profile: 'LC', sampleRate: 48_000, channels: 2, bitrate: 128_000, ...audio },
    ...overrides,
  }
}
