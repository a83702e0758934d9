// Probed facts: what acquire, sniff and probe learned about one media item, and the post around it.

export type MediaKind = 'image' | 'video' | 'audio' | 'unknown'

/** What sharp and preflight's own JPEG/ICC readers learned about a still or animated image. */
export interface ImageFacts {
  /** sharp's format name (`jpeg`, `png`, `webp`, `gif`, `heif`, `avif`, `tiff`, `svg`, ...). */
  format: string
  animated: boolean
  frames: number
  /** sharp's interpretation of the pixels: `srgb`, `cmyk`, `b-w`, `rgb16`, ... */
  colorSpace: string
  /** Description of the embedded ICC profile, null when none is embedded. */
  iccProfile: string | null
  /** EXIF orientation 1-8 (1 when absent). */
  orientation: number
  hasAlpha: boolean
  /** JPEG Multi-Picture Format: `stereo` for MPO/JPS 3D, `other` for gain or depth maps. */
  multiPicture: 'none' | 'stereo' | 'other'
}

/** The first video stream as ffprobe reports it. */
export interface VideoStreamFacts {
  codec: string
  profile: string | null
  pixFmt: string | null
  fps: number | null
  bitrate: number | null
  interlaced: boolean
}

/** The first audio stream as ffprobe reports it. */
export interface AudioStreamFacts {
  codec: string
  sampleRate: number | null
  channels: number | null
  bitrate: number | null
}

export interface MediaFacts {
  kind: MediaKind
  /** Sniffed from the bytes; null when the bytes match no known type. */
  mime: string | null
  /** Container or file format name: `mp4`, `mov`, `webm`, `jpeg`, ... */
  container: string | null
  sizeBytes: number
  /** Displayed size, after EXIF orientation or video rotation. */
  width: number | null
  height: number | null
  /** Size as stored. */
  codedWidth: number | null
  codedHeight: number | null
  /** Clockwise display rotation in degrees (0, 90, 180, 270). */
  rotation: number
  durationS: number | null
  video: VideoStreamFacts | null
  audio: AudioStreamFacts | null
  image: ImageFacts | null
  /** MP4/QuickTime only: whether `moov` precedes `mdat`. */
  moovAtFront: boolean | null
  /** Why the bytes could not be decoded, null when they could. */
  corrupt: string | null
}

export interface ProductTag {
  productId: string
  x?: number
  y?: number
}

/** The post fields of a request: the same for every media item. */
export interface PostFacts {
  caption?: string
  altText?: string
  thumbOffsetMs?: number
  productTags?: ProductTag[]
}

/** What an item check sees: one item, with its siblings for carousel-wide comparisons. */
export interface ItemFacts {
  index: number
  media: MediaFacts | null
  items: readonly (MediaFacts | null)[]
  post: PostFacts
}

/** What a post check sees: every item and the post fields. */
export interface PostScopeFacts {
  items: readonly (MediaFacts | null)[]
  post: PostFacts
}

/** Facts for bytes of a sniffed type before any probe has read them. */
export function blankMedia(sniffed: { kind: MediaKind; mime: string | null; ext: string | null }, sizeBytes: number): MediaFacts {
  return {
    kind: sniffed.kind,
    mime: sniffed.mime,
    container: sniffed.ext,
    sizeBytes,
    width: null,
    height: null,
    codedWidth: null,
    codedHeight: null,
    rotation: 0,
    durationS: null,
    video: null,
    audio: null,
    image: null,
    moovAtFront: null,
    corrupt: null,
  }
}
