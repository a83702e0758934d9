// Probe, images: sharp metadata → image facts, plus a cheap decode to catch truncated files (unless a JPEG ends whole).
import type { Metadata, Sharp, SharpInput, SharpOptions } from 'sharp'
import { blankMedia, type ImageFacts, type MediaFacts } from '../facts.js'
import { readEnds } from './file-bytes.js'
import { iccDescription } from './icc.js'
import { endsWithEoi, multiPicture } from './jpeg-segments.js'
import { apngFrames } from './png-chunks.js'
import type { Sniffed } from './sniff.js'

// MPF and APNG control chunks sit in the first segments; 256 KiB covers large EXIF blocks too.
const HEAD_BYTES = 256 * 1024

type SharpFactory = (input?: SharpInput, options?: SharpOptions) => Sharp
let loading: Promise<SharpFactory> | undefined

/**
 * sharp (libvips) loads on the first image, or when the server asks for it once it listens (~20 MB
 * resident, ~0.2 s of CPU). Its operation cache is off: every input is a fresh temp file, so entries
 * never hit, yet they would hold memory and keep up to 20 deleted files open.
 */
export function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false)
    return sharp
  })
  return loading
}

export async function probeImage(path: string, sniffed: Sniffed, sizeBytes: number, partial: boolean): Promise<MediaFacts> {
  const base = blankMedia(sniffed, sizeBytes)
  const sharp = await loadSharp()
  let meta: Metadata
  try {
    meta = await sharp(path, { limitInputPixels: false }).metadata()
  } catch (error) {
    const reason = sharpReason(error)
    // A type file-type knows but libvips cannot read (PSD, ICO, BMP...) is a format problem, not corruption.
    if (reason === 'unsupported') return { ...base, image: unreadableImage(sniffed.ext ?? 'unknown') }
    return { ...base, corrupt: reason }
  }
  const { head, tail } = await readEnds(path, sizeBytes, HEAD_BYTES, 2)
  const format = formatName(meta, sniffed)
  const frames = sniffed.mime === 'image/apng' ? apngFrames(head) : (meta.pages ?? 1)
  const image: ImageFacts = {
    format,
    animated: frames > 1,
    frames,
    colorSpace: meta.space ?? 'unknown',
    iccProfile: meta.icc ? (iccDescription(meta.icc) ?? 'unnamed profile') : null,
    orientation: meta.orientation ?? 1,
    hasAlpha: meta.hasAlpha ?? false,
    multiPicture: format === 'jpeg' ? multiPicture(head) : 'none',
  }
  const coded = { width: meta.width ?? null, height: meta.height ?? null }
  // Rules judge the displayed size; EXIF orientations 5-8 swap width and height.
  const shown = meta.autoOrient ?? coded
  // A head cut at the read cap cannot be decoded whole, and sharp's prebuilt libvips has no HEVC
  // decoder: neither is evidence of damage. A JPEG that ends with EOI needs no decode: with
  // `failOn: 'truncated'` libjpeg fails only when the scan stops before EOI (damaged entropy data is a
  // warning) and a missing scan already fails metadata(). The decode costs 5-25 ms a photo.
  const undecided = !partial && meta.compression !== 'hevc' && !(format === 'jpeg' && endsWithEoi(tail))
  const corrupt = undecided ? await decodeProblem(sharp, path) : null
  return {
    ...base,
    container: format,
    width: shown.width,
    height: shown.height,
    codedWidth: coded.width,
    codedHeight: coded.height,
    rotation: [0, 0, 0, 180, 180, 90, 90, 270, 270][image.orientation] ?? 0,
    image,
    corrupt,
  }
}

/** Decodes a small thumbnail: libvips shrinks JPEGs on load, yet still reads the whole scan. */
async function decodeProblem(sharp: SharpFactory, path: string): Promise<string | null> {
  try {
    await sharp(path, { failOn: 'truncated', limitInputPixels: false, sequentialRead: true })
      .resize(32, 32, { fit: 'inside' })
      .raw()
      .toBuffer()
    return null
  } catch (error) {
    return sharpReason(error)
  }
}

/** sharp has no error codes: its messages are matched here, and only here. */
export function sharpReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  if (/unsupported image format/i.test(text)) return 'unsupported'
  if (/premature end|truncated|not enough data|unexpected end|short read/i.test(text)) return 'truncated image data'
  if (/corrupt|invalid|bad |damaged|error/i.test(text)) return 'damaged image data'
  return 'unreadable image data'
}

function formatName(meta: Metadata, sniffed: Sniffed): string {
  // sharp names HEIC and AVIF both `heif`; the contract tells them apart.
  if (meta.format === 'heif') return meta.compression === 'av1' || sniffed.ext === 'avif' ? 'avif' : 'heif'
  return meta.format ?? sniffed.ext ?? 'unknown'
}

function unreadableImage(format: string): ImageFacts {
  return {
    format,
    animated: false,
    frames: 1,
    colorSpace: 'unknown',
    iccProfile: null,
    orientation: 1,
    hasAlpha: false,
    multiPicture: 'none',
  }
}
