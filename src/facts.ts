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
  /**
   * What the probe checked: `whole` (the whole file: every frame decoded, except an APNG's frames after
   * its default image, whose chunks are counted and CRC-checked; the format's chunks, blocks or boxes
   * walked to the end; `corrupt` says what failed), `structure` (no decoder in the stack: HEVC-coded
   * HEIC; only its boxes were checked),
   * `skipped` (depth quick, or only the head of the file is on disk), `refused` (too many pixels, or
   * too slow, to decode: `corrupt` says which, unless every requested target's own `image.pixels`
   * limit already refuses the image).
   */
  decoded: ImageDecoded
}

export type ImageDecoded = 'whole' | 'structure' | 'skipped' | 'refused'

/** The first video stream as ffprobe reports it. */
export interface VideoStreamFacts {
  codec: string
  profile: string | null
  pixFmt: string | null
  /** `4:2:0`, `4:2:2`, `4:4:4`, `4:1:1`, `rgb`, `mono`; null when the pixel format is unknown. */
  chroma: string | null
  bitDepth: number | null
  /** Average frame rate (2 decimals), else frames / duration. */
  fps: number | null
  /** The stream's base rate (`r_frame_rate`); differs from `fps` when the frame rate is variable. */
  realFps: number | null
  variableFrameRate: boolean
  /** Bit/s: the stream's own value, else computed from size and duration (PLATFORM-RULES.md §0.1). */
  bitrate: number | null
  bitrateComputed: boolean
  interlaced: boolean
  /** ffprobe's field order: `progressive`, `tt`, `bb`, `tb`, `bt`, or null when not signalled. */
  fieldOrder: string | null
  /** Sample (pixel) aspect ratio; 1:1 when square or not signalled. */
  sampleAspect: { num: number; den: number }
  /** Transfer (`bt709`, `smpte2084` = PQ, `arib-std-b67` = HLG), primaries (`bt709`, `bt2020`), range (`tv`, `pc`). */
  colorTransfer: string | null
  colorPrimaries: string | null
  colorRange: string | null
}

/** The first audio stream as ffprobe reports it. */
export interface AudioStreamFacts {
  codec: string
  /** AAC profile (`LC`, `HE-AAC`, `HE-AACv2`, ...), null when the codec has none. */
  profile: string | null
  sampleRate: number | null
  channels: number | null
  bitrate: number | null
}

/** One track's edit list, from the MP4/QuickTime `elst` box. */
export interface EditListFacts {
  /** The track's position in `moov`, from 1. */
  track: number
  /** `vide`, `soun`, ... from the track's `hdlr` box. */
  handler: string | null
  /** Ticks per second of the track's media time (`mdhd`). */
  timescale: number | null
  entries: number
  /** Entries with media time −1: a gap before the track plays. */
  emptyEdits: number
  /** Media time of the first non-empty entry, in `timescale` ticks: where playback starts. */
  firstMediaTime: number | null
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
  /** MP4/QuickTime only: the tracks that carry an edit list; null for other containers. */
  editLists: EditListFacts[] | null
  /** Why the bytes could not be decoded, null when they could. */
  corrupt: string | null
  /** What was not proved about the media data, in words: a stream no bundled decoder reads, a decode skipped. */
  unverified: string[]
}

export interface ProductTag {
  productId: string
  x?: number
  y?: number
}

/** The post fields of a request: the same for every media item. */
export interface PostFacts {
  caption?: string
  /** Mastodon's content warning (`spoiler_text`): counted with the caption there. */
  spoilerText?: string
  altText?: string
  thumbOffsetMs?: number
  productTags?: ProductTag[]
  /** The posting X account has Premium limits (longer and larger videos). */
  xPremium?: boolean
  /** The post's title (TikTok photo, YouTube, Pinterest). */
  title?: string
  /** The TikTok creator's `max_video_post_duration_sec` (creator_info/query). */
  tiktokMaxDurationS?: number
  /** The verified domains and URL prefixes of the caller's TikTok app (PULL_FROM_URL ownership). */
  tiktokVerifiedPrefixes?: string[]
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
export function blankMedia(
  sniffed: { kind: MediaKind; mime: string | null; ext: string | null },
  sizeBytes: number,
): MediaFacts {
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
    editLists: null,
    corrupt: null,
    unverified: [],
  }
}
