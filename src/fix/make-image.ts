// Makes a planned still image with sharp: orientation baked in, sRGB, padded on a blurred copy or cropped around
// the attention region, the target's format (JPEG with mozjpeg), the size limit met by a bounded quality search.
import { stat, unlink } from 'node:fs/promises'
import sharp, { type Sharp } from 'sharp'
import type { ImageMake } from './plan.js'

/** Where the output frame lies on the source picture, in its displayed pixels (outside it for padding). */
export interface Region {
  x: number
  y: number
  width: number
  height: number
}

export interface MadeImage {
  bytes: number
  commands: string[]
  region: Region
}

// Quality search: start high, halve the interval a bounded number of times, never below the floor.
const START_QUALITY = 90
const FLOOR_QUALITY = 40
const SEARCH_STEPS = 5
// When even the floor quality is too large, the frame shrinks (by the square root of the excess) at most this often.
const SHRINKS = 3
const BLUR_SIGMA = 30

export async function makeImage(
  make: ImageMake,
  input: string,
  output: string,
  signal: AbortSignal,
): Promise<MadeImage> {
  const { frame } = make
  const steps: string[] = [`sharp(${JSON.stringify(input.split('/').pop())}).rotate()`]
  const placed = await compose(make, input, steps)
  signal.throwIfAborted()
  // The composed pixels once, in memory (bounded by the targets' pixel limits), encoded as often as the search needs.
  const raw = await placed.raw().toBuffer({ resolveWithObject: true })
  const region = regionOf(make, raw.info)
  let size = { width: frame.width, height: frame.height }
  for (let shrink = 0; shrink <= SHRINKS; shrink++) {
    signal.throwIfAborted()
    const found = await searchQuality(make, raw, size, output, signal)
    if (found) {
      steps.push(...found.steps)
      return { bytes: found.bytes, commands: [steps.join('.')], region }
    }
    const bytes = (await stat(output)).size
    const factor = Math.sqrt((make.maxBytes ?? bytes) / bytes) * 0.9
    size = {
      width: Math.max(1, Math.floor(size.width * factor)),
      height: Math.max(1, Math.floor(size.height * factor)),
    }
  }
  await unlink(output).catch(() => undefined)
  throw new Error(`No ${make.format} under ${make.maxBytes} bytes was found.`)
}

type Raw = { data: Buffer; info: sharp.OutputInfo }

/** Oriented, in sRGB, and in the frame's shape: padded on a blurred copy of itself, cropped, or only resized. */
async function compose(make: ImageMake, input: string, steps: string[]): Promise<Sharp> {
  const { frame, source } = make
  const content = frame.content
  const open = () => sharp(input, { animated: false }).rotate().toColorspace('srgb')
  const sameShape = content.width === frame.width && content.height === frame.height
  if (sameShape) {
    if (frame.width === source.width && frame.height === source.height) return open()
    steps.push(`resize(${frame.width}, ${frame.height})`)
    return open().resize(frame.width, frame.height, { fit: 'fill' })
  }
  if (make.strategy === 'crop') {
    steps.push(`resize(${frame.width}, ${frame.height}, { fit: 'cover', position: 'attention' })`)
    return open().resize(frame.width, frame.height, { fit: 'cover', position: sharp.strategy.attention })
  }
  const front = await open()
    .resize(content.width, content.height, { fit: 'fill' })
    .png({ compressionLevel: 0 })
    .toBuffer()
  steps.push(
    `resize(${frame.width}, ${frame.height}, { fit: 'cover' }).blur(${BLUR_SIGMA})` +
      `.composite([{ input: resized to ${content.width}x${content.height}, gravity: 'centre' }])`,
  )
  const background = await open()
    .resize(frame.width, frame.height, { fit: 'cover' })
    .blur(BLUR_SIGMA)
    .png({ compressionLevel: 0 })
    .toBuffer()
  return sharp(background).composite([{ input: front, gravity: 'centre' }])
}

/** The frame on the source: centred padding, or the crop sharp chose (its offsets are in the resized picture). */
function regionOf(make: ImageMake, info: sharp.OutputInfo): Region {
  const { frame, source } = make
  const scale = frame.content.width / source.width
  const width = Math.round(frame.width / scale)
  const height = Math.round(frame.height / scale)
  if (make.strategy === 'crop' && info.cropOffsetLeft !== undefined && info.cropOffsetTop !== undefined) {
    return { x: Math.round(-info.cropOffsetLeft / scale), y: Math.round(-info.cropOffsetTop / scale), width, height }
  }
  return { x: Math.round((source.width - width) / 2), y: Math.round((source.height - height) / 2), width, height }
}

/** The highest quality whose file fits, in at most SEARCH_STEPS encodes after the first; null when none does. */
async function searchQuality(
  make: ImageMake,
  raw: Raw,
  size: { width: number; height: number },
  output: string,
  signal: AbortSignal,
): Promise<{ bytes: number; steps: string[] } | null> {
  const encode = async (quality: number) => {
    const written = await encoder(make, raw, size, quality).toFile(output)
    return written.size
  }
  const limit = make.maxBytes ?? Infinity
  const resized = size.width !== make.frame.width ? [`resize(${size.width}, ${size.height})`] : []
  const first = await encode(START_QUALITY)
  if (first <= limit || make.format === 'png') {
    return first <= limit ? { bytes: first, steps: [...resized, formatStep(make.format, START_QUALITY)] } : null
  }
  let low = FLOOR_QUALITY
  let high = START_QUALITY - 1
  let best: { quality: number; bytes: number } | null = null
  for (let step = 0; step < SEARCH_STEPS && low <= high; step++) {
    signal.throwIfAborted()
    const quality = Math.floor((low + high + 1) / 2)
    const bytes = await encode(quality)
    if (bytes <= limit) {
      best = { quality, bytes }
      low = quality + 1
    } else high = quality - 1
  }
  if (!best) {
    const bytes = await encode(FLOOR_QUALITY)
    if (bytes > limit) return null
    best = { quality: FLOOR_QUALITY, bytes }
  } else if ((await encode(best.quality)) !== best.bytes) {
    return null // the file on disk must be the one measured
  }
  return { bytes: best.bytes, steps: [...resized, formatStep(make.format, best.quality)] }
}

function encoder(make: ImageMake, raw: Raw, size: { width: number; height: number }, quality: number): Sharp {
  const { width, height, channels } = raw.info
  let image = sharp(raw.data, { raw: { width, height, channels } })
  if (size.width !== width || size.height !== height) image = image.resize(size.width, size.height, { fit: 'fill' })
  if (make.format === 'png') return image.png({ compressionLevel: 9 })
  if (make.format === 'webp') return image.webp({ quality })
  return image.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true })
}

function formatStep(format: ImageMake['format'], quality: number): string {
  if (format === 'png') return 'png({ compressionLevel: 9 })'
  if (format === 'webp') return `webp({ quality: ${quality} })`
  return `flatten({ background: '#ffffff' }).jpeg({ quality: ${quality}, mozjpeg: true })`
}
