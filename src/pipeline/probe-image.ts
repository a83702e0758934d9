// Probe, images: sharp metadata → image facts, then (full depth) a decode of every frame, bounded in
// pixels, time and by the request's signal, plus the structure walks a decode cannot stand in for.
import type { Metadata, Sharp, SharpInput, SharpOptions } from 'sharp'
import { decodeInChild, type DecodeRun, type Thumbnail } from './decode-child.js'
import { blankMedia, type ImageDecoded, type ImageFacts, type MediaFacts } from '../facts.js'
import { openBytes, type ByteSource } from '../media/file-bytes.js'
import { gifStructure } from '../media/gif-blocks.js'
import { heifProblem } from '../media/heif-boxes.js'
import { iccDescription } from '../media/icc.js'
import { multiPicture } from '../media/jpeg-segments.js'
import { pngStructure } from '../media/png-chunks.js'
import type { Sniffed } from './sniff.js'
import { riffProblem } from '../media/webp-riff.js'

export interface DecodeOptions {
  /** `quick` decodes nothing: the facts come from the headers alone. */
  depth: 'full' | 'quick'
  /** An image declaring more pixels a frame is refused before any decode (the requested targets' largest limit). */
  maxPixels: number
  /**
   * Every requested target that takes images has an `image.pixels` limit, none above `maxPixels`:
   * their own rule fails a refused image, so its refusal is not reported again as media.corrupt.
   */
  pixelsJudged?: boolean
  /** A decode still running after this is stopped (libvips' own timeout, in whole seconds, and this wait). */
  timeoutMs: number
  signal?: AbortSignal
}

/** libvips' own default bound (sharp's `limitInputPixels`, 0x3FFF²): used when no target limits pixels. */
export const FALLBACK_DECODE_PIXELS = 268_402_689
const DEFAULT_DECODE_TIMEOUT_MS = 10_000
const DEFAULTS: DecodeOptions = {
  depth: 'full',
  maxPixels: FALLBACK_DECODE_PIXELS,
  timeoutMs: DEFAULT_DECODE_TIMEOUT_MS,
}

interface SharpFactory {
  (options?: SharpOptions): Sharp
  (input?: SharpInput, options?: SharpOptions): Sharp
}
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

export async function probeImage(
  path: string,
  sniffed: Sniffed,
  sizeBytes: number,
  context: { partial: boolean; decode?: DecodeOptions },
): Promise<MediaFacts> {
  const base = blankMedia(sniffed, sizeBytes)
  const sharp = await loadSharp()
  const options = context.decode ?? DEFAULTS
  let meta: Metadata
  try {
    // Only the header is read: no limit is needed here, the pixel bound is applied below.
    meta = await sharp(path, { limitInputPixels: false }).metadata()
  } catch (error) {
    const reason = sharpReason(error)
    // A type file-type knows but libvips cannot read (PSD, ICO, BMP...) is a format problem, not corruption.
    if (reason === 'unsupported' && !loadable(sniffed))
      return { ...base, image: unreadableImage(sniffed.ext ?? 'unknown') }
    // The header did not parse: a cut container names the cause better than the loader's message.
    await using file = await openBytes(path, sizeBytes)
    const structural = await structureProblem(file, SNIFFED_FORMATS[sniffed.ext ?? ''] ?? 'unknown')
    return {
      ...base,
      corrupt: structural ?? (reason === 'unsupported' ? 'damaged image data (libvips cannot read it)' : reason),
    }
  }
  const format = formatName(meta, sniffed)
  // Only the head of a file cut at the read cap is on disk; depth quick reads headers only.
  const whole = !context.partial && options.depth === 'full'
  await using file = await openBytes(path, sizeBytes)
  const png = format === 'png' ? await pngStructure(file, whole) : null
  const frames = sniffed.mime === 'image/apng' || (png && png.frames > 1) ? (png?.frames ?? 1) : (meta.pages ?? 1)
  const image: ImageFacts = {
    format,
    animated: frames > 1,
    frames,
    colorSpace: meta.space ?? 'unknown',
    iccProfile: meta.icc ? (iccDescription(meta.icc) ?? 'unnamed profile') : null,
    orientation: meta.orientation ?? 1,
    hasAlpha: meta.hasAlpha ?? false,
    multiPicture: format === 'jpeg' ? await multiPicture(file) : 'none',
    decoded: 'skipped',
  }
  const coded = { width: meta.width ?? null, height: meta.height ?? null }
  // Rules judge the displayed size; EXIF orientations 5-8 swap width and height.
  const shown = meta.autoOrient ?? coded
  const proof = whole
    ? await prove(sharp, path, file, meta, format, png?.problem ?? null, options)
    : { decoded: 'skipped' as const, corrupt: null }
  return {
    ...base,
    container: format,
    width: shown.width,
    height: shown.height,
    codedWidth: coded.width,
    codedHeight: coded.height,
    rotation: [0, 0, 0, 180, 180, 90, 90, 270, 270][image.orientation] ?? 0,
    image: { ...image, decoded: proof.decoded },
    corrupt: proof.corrupt,
  }
}

interface Proof {
  decoded: ImageDecoded
  corrupt: string | null
}

/** Full depth: the pixel bound, the structure walks, then one decode of every frame. */
async function prove(
  sharp: SharpFactory,
  path: string,
  file: ByteSource,
  meta: Metadata,
  format: string,
  pngProblem: string | null,
  options: DecodeOptions,
): Promise<Proof> {
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  // Refused by the declared size, before a byte of pixel data is read: upload size bounds nothing
  // (a 1.2 MB 1-bit PNG can declare 10^10 pixels).
  if (width * height > options.maxPixels) {
    const reason = `too large to decode: ${width}x${height} declares ${grouped(width * height)} pixels, over the ${grouped(options.maxPixels)} checked`
    return { decoded: 'refused', corrupt: options.pixelsJudged ? null : reason }
  }
  const structural = pngProblem ?? (await structureProblem(file, format))
  if (structural) return { decoded: 'whole', corrupt: structural }
  // sharp's prebuilt libvips has no HEVC decoder: the boxes are all that can be checked.
  if (meta.compression === 'hevc') return { decoded: 'structure', corrupt: null }
  const outcome = await decode(sharp, path, meta, options)
  return outcome === 'timeout'
    ? { decoded: 'refused', corrupt: `too slow to decode: stopped after ${options.timeoutMs} ms` }
    : { decoded: 'whole', corrupt: outcome }
}

/** What a decode cannot see: a GIF's cut last frame (dropped silently), and cut HEIF boxes or RIFF containers (named precisely). */
async function structureProblem(file: ByteSource, format: string): Promise<string | null> {
  if (format === 'gif') return (await gifStructure(file)).problem
  if (format === 'heif' || format === 'avif') return heifProblem(file)
  if (format === 'webp') return riffProblem(file)
  return null
}

/**
 * Decodes every frame into a thumbnail: libvips still reads every row (JPEGs are shrunk while their
 * scan is decoded). `failOn: 'error'` makes a damaged PNG (bad CRC), WebP, GIF, AVIF or TIFF fail;
 * libjpeg only warns when its scan ends early (a cut file closed by an EOI, an SOF claiming more rows
 * than the scan holds), so its warnings are read too. Other libjpeg warnings (extraneous bytes before
 * a marker, a bad Huffman code) leave a picture browsers still show: not refused.
 */
async function decode(
  sharp: SharpFactory,
  path: string,
  meta: Metadata,
  options: DecodeOptions,
): Promise<string | null | 'timeout'> {
  const pages = meta.pages ?? 1
  const input: SharpOptions = {
    failOn: 'error',
    limitInputPixels: Math.max(1, options.maxPixels * pages),
    sequentialRead: true,
    pages: pages > 1 ? -1 : 1,
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0) * pages
  const size = thumbnail(meta)
  const run =
    pixels > IN_PROCESS_PIXELS
      ? await decodeInChild(path, input, size, options.timeoutMs, options.signal)
      : await decodeHere(sharp, path, input, size, options)
  if (run === 'timeout') return 'timeout'
  const { error, warnings } = run
  if (error !== null) {
    if (/timeout/i.test(error)) return 'timeout'
    // libspng's error is "read error"; the warning before it says why ("end of stream").
    const reason = sharpReason(new Error(`${error} ${warnings.join(' ')}`))
    return reason === 'unsupported' ? 'damaged image data' : reason
  }
  const fatal = warnings.find((w) => /premature end/i.test(w))
  return fatal ? sharpReason(new Error(fatal)) : null
}

/**
 * The thumbnail a decode produces. It must depend on every row of the image, or libvips stops reading
 * before the last ones and a scan cut there passes: a 32x32 box shrink drops the rows past the last
 * whole multiple of its factor. A JPEG is decoded at 1/8 scale (libjpeg's DCT scaling: the whole scan
 * is entropy-decoded, little else is done), every row of that kept: libjpeg rounds 1/8 up, the size
 * asked for here rounds down, so sharp still shrinks on load by 8 and the last small reduce (linear,
 * under 1.2x) reads the last row: that row is all the decode outputs. Other formats keep the 32x32 thumbnail.
 */
export function thumbnail(meta: Pick<Metadata, 'format' | 'width' | 'height'>): Thumbnail {
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  if (meta.format === 'jpeg' && width >= 64 && height >= 64)
    return { width: Math.floor(width / 8), height: Math.floor(height / 8), fit: 'fill', kernel: 'linear' }
  return { width: 32, height: 32, fit: 'inside' }
}

/** The thumbnail, of which only the last row is kept when every row counts: that one needs them all read. */
function shrunk(image: Sharp, size: Thumbnail): Sharp {
  const resized = image.resize(size)
  return size.fit === 'fill'
    ? resized.extract({ left: 0, top: size.height - 1, width: size.width, height: 1 })
    : resized
}

// Up to this many pixels (a 48 MP phone photo decodes in well under a second) the decode runs in
// process; larger ones run in a child that a deadline or an abort kills, decode and all.
const IN_PROCESS_PIXELS = 50_000_000

async function decodeHere(
  sharp: SharpFactory,
  path: string,
  input: SharpOptions,
  size: Thumbnail,
  options: DecodeOptions,
): Promise<DecodeRun | 'timeout'> {
  const warnings: string[] = []
  const image = sharp(path, input)
    .timeout({ seconds: Math.max(1, Math.ceil(options.timeoutMs / 1000)) })
    .on('warning', (warning: string) => warnings.push(warning))
  try {
    await bounded(shrunk(image, size).raw().toBuffer(), options)
    return { error: null, warnings }
  } catch (error) {
    if (error === TIMED_OUT) return 'timeout'
    if (options.signal?.aborted) throw options.signal.reason
    return { error: String((error as Error)?.message), warnings }
  }
}

const TIMED_OUT = new Error('image decode timed out')

/**
 * Waits for the decode no longer than its bound, or until the request is aborted. libvips stops its
 * own work at the same bound (sharp's `timeout`); a decode given up on by an aborted request runs on
 * to that bound at most, its answer unused (at most IN_PROCESS_PIXELS of work).
 */
function bounded(run: Promise<unknown>, { timeoutMs, signal }: DecodeOptions): Promise<unknown> {
  run.catch(() => undefined) // settled after a timeout or an abort (even one before this call): nothing waits for it then
  if (signal?.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(() => reject(TIMED_OUT)), timeoutMs)
    const onAbort = () => done(() => reject(signal?.reason))
    const done = (settle: () => void) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      settle()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    run.then(
      (value) => done(() => resolve(value)),
      (error: unknown) => done(() => reject(error)),
    )
  })
}

/** sharp has no error codes: its messages are matched here, and only here. */
export function sharpReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  if (/unsupported image format/i.test(text)) return 'unsupported'
  if (/premature end|truncated|not enough data|unexpected end|short read|end of stream|bad seek/i.test(text))
    return 'truncated image data'
  if (/corrupt|invalid|bad |damaged|error|unable/i.test(text)) return 'damaged image data'
  return 'unreadable image data'
}

// file-type's extensions → sharp's format names, for the formats libvips loads.
const SNIFFED_FORMATS: Record<string, string> = {
  jpg: 'jpeg',
  png: 'png',
  apng: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
  heic: 'heif',
  tif: 'tiff',
}

/** Whether libvips has a loader for the sniffed format: then "unsupported" means unreadable bytes, not an unknown format. */
function loadable(sniffed: Sniffed): boolean {
  return Object.hasOwn(SNIFFED_FORMATS, sniffed.ext ?? '')
}

function formatName(meta: Metadata, sniffed: Sniffed): string {
  // sharp names HEIC and AVIF both `heif`; the contract tells them apart.
  if (meta.format === 'heif') return meta.compression === 'av1' || sniffed.ext === 'avif' ? 'avif' : 'heif'
  return meta.format ?? sniffed.ext ?? 'unknown'
}

function grouped(n: number): string {
  return n.toLocaleString('en-US')
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
    decoded: 'skipped',
  }
}
