// Wording of the image family: format, size, shape and colour, each with a concrete fix.
import { BLUESKY_IMAGE, CLEAN_JPEG } from './fixes.js'
import type { Renderers } from './render.js'
import { bytes, count, ratio, ratioRange, sizeBound } from '../client/units.js'

const HEIF_NAMES: Record<string, string> = { heif: 'HEIC/HEIF', avif: 'AVIF', jpeg: 'JPEG', png: 'PNG' }
const formatName = (format: string): string => HEIF_NAMES[format] ?? format.toUpperCase()
const NOT_DECODED =
  "Not decoded: sharp's libvips has no HEVC decoder, so only the file's HEIF boxes were checked (a cut file is found; damaged picture data is not)."

/** The `magick -resize` box that keeps the long side within `long` and the short side within `short`. */
const fitBox = (width: number, height: number, long: number, short: number): string =>
  width >= height ? `${long}x${short}` : `${short}x${long}`

export const imageMessages: Renderers<'image'> = {
  'image.format': ({ format, multiPicture, decoded }, { value }, site) => {
    const picture =
      multiPicture === 'stereo'
        ? ' (a stereo MPO/JPS)'
        : multiPicture === 'other'
          ? ' with a multi-picture (MPF) segment'
          : ''
    const accepted = value.accept.includes('*') ? 'most formats' : value.accept.map(formatName).join(' or ')
    return {
      message: `The image is ${formatName(format)}${picture}; ${site} takes ${accepted}.`,
      expected: accepted,
      actual: multiPicture === 'none' ? format : `${format}+mpf:${multiPicture}`,
      fix: format === 'heif' ? `Convert to JPEG: ${CLEAN_JPEG}` : `Convert to a plain JPEG: ${CLEAN_JPEG}`,
      ...(decoded === 'structure' ? { note: NOT_DECODED } : {}),
    }
  },
  'image.file_size': ({ bytes: size, format }, { value: all }, site) => {
    const own = format === undefined ? undefined : all.byFormat?.[format]
    if (!own && format === 'png' && all.pngWarnAbove !== undefined)
      return {
        message: `The PNG is ${bytes(size)}; ${site} may show PNGs over ${bytes(all.pngWarnAbove)} pixelated.`,
        expected: `<= ${all.pngWarnAbove}`,
        actual: size,
        fix: `Convert to JPEG: ${CLEAN_JPEG}`,
      }
    const value = { ...all, ...own }
    const what = own && format !== undefined ? formatName(format) : 'image'
    return {
      message: `The ${what} is ${bytes(size)}; ${site} accepts ${sizeBound(value).words}${own ? ` for a ${what}` : ''}${
        value.warnAbove !== undefined && size <= value.max
          ? ` and files over ${bytes(value.warnAbove)} are at risk`
          : ''
      }.`,
      expected: value.warnAbove === undefined ? sizeBound(value).expected : `<= ${value.warnAbove}`,
      actual: size,
      fix:
        format === 'gif'
          ? 'Shorten the GIF or lower its colours, or post it as an MP4: ffmpeg -i in.gif -movflags +faststart -pix_fmt yuv420p -vf "scale=trunc(iw/2)*2:trunc(ih/2)*2" out.mp4'
          : value.max <= 2_000_000 // a blob cap this small is Bluesky's: its own recipe (JB)
            ? BLUESKY_IMAGE
            : "Re-encode smaller (at most 1440 px wide, JPEG quality 82): magick in -auto-orient -resize '1440x>' -quality 82 out.jpg",
    }
  },
  'image.aspect_ratio': ({ width, height, bound, first }, { value }, site) => {
    if (bound === 'recommended' && value.recommended) {
      const { w, h } = value.recommended
      return {
        message: `The image is ${width}x${height} (${ratio(width, height)}); ${site} shows ${w}:${h} best and fills the rest with a background.`,
        expected: `${w}:${h}`,
        actual: ratio(width, height),
        fix: `Export at ${w}:${h}, e.g. 1080x${Math.round((1080 * h) / w)}.`,
      }
    }
    if (bound === 'first' && first) {
      return {
        message: `The image is ${width}x${height} (${ratio(width, height)}) but item 0 is ${ratio(first.width, first.height)}; ${site} crops every item to item 0's ratio.`,
        expected: ratio(first.width, first.height),
        actual: ratio(width, height),
        fix: `Export every item at item 0's ratio, e.g. ${width}x${Math.round((width * first.height) / first.width)}.`,
      }
    }
    const { min, max } = value
    const range = ratioRange(min, max)
    const tooTall = bound === 'min' && min
    const target = tooTall
      ? { width, height: Math.floor((width * min.h) / min.w) }
      : max
        ? { width: Math.floor((height * max.w) / max.h), height }
        : { width, height }
    return {
      message: `The image is ${width}x${height} (${ratio(width, height)}), ${tooTall ? 'taller' : 'wider'} than ${site} accepts (${range}, width:height).`,
      expected: range,
      actual: ratio(width, height),
      fix: `Crop to ${target.width}x${target.height} around the centre (or pad to fit instead): magick in -auto-orient -gravity center -crop ${target.width}x${target.height}+0+0 +repage out.jpg`,
    }
  },
  'image.min_width': ({ width, height }, { value }, site) =>
    height === undefined
      ? {
          message: `The image is ${width} px wide; ${site} scales anything narrower than ${value.min} px up, which blurs it.`,
          expected: `>= ${value.min}`,
          actual: width,
          fix: 'Supply the image at least 1080 px wide.',
        }
      : {
          message: `The image is ${width}x${height}; ${site} may refuse or blur an image with a side under ${value.min} px.`,
          expected: `>= ${value.min} px on each side`,
          actual: `${width}x${height}`,
          fix: `Supply the image at least ${value.min} px on each side (1080 px wide is best).`,
        },
  'image.max_width': ({ width, height }, { value }, site) =>
    height === undefined
      ? {
          message: `The image is ${width} px wide; ${site} scales it down to ${value.max} px.`,
          expected: `<= ${value.max}`,
          actual: width,
          fix: `Resize it yourself to keep control of the result: magick in -auto-orient -resize '${value.max}x>' out.jpg`,
        }
      : {
          message: `The image is ${width}x${height}; ${site} scales down or refuses an image over ${value.max} px on the long side${
            value.shortMax === undefined ? '' : ` or ${value.shortMax} px on the short side`
          }.`,
          expected:
            value.shortMax === undefined ? `<= ${value.max} px on the long side` : `<= ${value.max}x${value.shortMax}`,
          actual: `${width}x${height}`,
          fix: `Resize it yourself to keep control of the result: magick in -auto-orient -resize '${fitBox(width, height, value.max, value.shortMax ?? value.max)}>' out.jpg`,
        },
  'image.pixels': ({ width, height, bound, frames }, { value }, site) => {
    const pixelCount = width * height
    const box = value.gifBox
    if (bound === 'gif_box' && box)
      return {
        message: `The GIF is ${width}x${height} with ${count(frames ?? 1)} frames (${count(pixelCount * (frames ?? 1))} pixels in all); ${site} may fail it at posting time beyond ${box.width}x${box.height}, ${box.frames} frames or ${count(box.total)} pixels in all.`,
        expected: `<= ${box.width}x${box.height}, <= ${box.frames} frames`,
        actual: `${width}x${height}, ${frames ?? 1} frames`,
        fix: `Scale it to at most ${box.width}x${box.height} and ${box.frames} frames, or post it as an MP4: ffmpeg -i in.gif -movflags +faststart -pix_fmt yuv420p -vf "scale=trunc(iw/2)*2:trunc(ih/2)*2" out.mp4`,
      }
    const limit = bound === 'gif' ? value.gifMax : bound === 'downscale' ? value.downscaleAbove : value.max
    const message =
      bound === 'downscale'
        ? `The image has ${count(pixelCount)} pixels (${width}x${height}); ${site} stores it downscaled to ${count(limit ?? 0)} pixels.`
        : `The ${bound === 'gif' ? 'GIF' : 'image'} has ${count(pixelCount)} pixels (${width}x${height}); ${site} accepts at most ${count(limit ?? 0)}.`
    const scale = Math.sqrt((limit ?? pixelCount) / pixelCount)
    return {
      message,
      expected: `<= ${limit}`,
      actual: pixelCount,
      fix:
        bound === 'gif'
          ? 'Scale the GIF to at most 1280x720, or upload it as an MP4.'
          : `Resize to at most ${Math.floor(width * scale)}x${Math.floor(height * scale)}: magick in -auto-orient -resize ${Math.floor(width * scale)}x${Math.floor(height * scale)} out.jpg`,
    }
  },
  'image.color_space': ({ colorSpace, iccProfile }, _limit, site) => ({
    message: `The image is ${colorSpace === 'cmyk' ? 'CMYK' : `tagged "${iccProfile}"`}; ${site} converts it to sRGB, which shifts its colours.`,
    expected: 'sRGB',
    actual: colorSpace === 'cmyk' ? 'cmyk' : (iccProfile ?? colorSpace),
    fix: `Convert to sRGB yourself: ${CLEAN_JPEG}`,
  }),
  'image.animated': ({ format, frames }, _limit, site) => ({
    message: `The image is an animated ${formatName(format)} of ${frames} frames; ${
      format === 'gif'
        ? `${site} turns it into a silent looping video`
        : `${site} keeps only a still frame, or may reject it`
    }.`,
    expected: 'a still image',
    actual: `${frames} frames`,
    fix: format === 'gif' ? null : 'Export a still JPEG, or post the animation as an MP4 video.',
  }),
}
