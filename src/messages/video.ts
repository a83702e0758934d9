// Wording of the video family. Each fix is the rule's own hint; the report replaces it with the item's composed command.
import { FACEBOOK_VIDEO, META_VIDEO, X_VIDEO } from './fixes.js'
import type { Renderers } from './render.js'
import { bytes, count, offsetSeconds, ratioRange, seconds, sizeBound } from '../client/units.js'

const mbps = (bits: number): string => `${(bits / 1_000_000).toFixed(1)} Mbps`
const ratioText = (r: number): string => `${r.toFixed(2)}:1`
const COLOR_ISSUES = {
  hdr: 'HDR (PQ/HLG transfer)',
  wide_gamut: 'BT.2020 primaries',
  full_range: 'full (PC) range',
} as const

export const videoMessages: Renderers<'video'> = {
  'video.container': ({ container }, { value }, site) =>
    container && value.warn?.includes(container)
      ? {
          message: `The video is in a ${container} container; ${site} recommends ${value.accept.join(', ')}.`,
          expected: value.accept.join(' or '),
          actual: container,
          fix: `Remux: ffmpeg -i in.${container} -c copy -movflags +faststart out.mp4`,
        }
      : {
          message: `The video is in a ${container ?? 'unknown'} container; ${site} takes ${[...value.accept, ...(value.warn ?? [])].join(', ')} only.`,
          expected: value.accept.join(' or '),
          actual: container,
          fix: META_VIDEO,
        },
  'video.no_video_stream': ({ mime }, _limit, site) => ({
    message: `The file is ${mime ?? 'a video type'} but holds no picture track; ${site} needs one.`,
    expected: 'a video stream',
    actual: 'none',
    fix: 'Export the video with its picture track, or post audio where audio is accepted.',
  }),
  'video.codec': ({ codec, reencoded }, { value }, site) =>
    reencoded.length
      ? {
          message: `${site} re-encodes this video (${reencoded.join(', ')}): it keeps only MP4 + H.264 + yuv420p + AAC as sent.`,
          expected: 'mp4, h264, yuv420p, aac or no audio',
          actual: reencoded.join(', '),
          fix: META_VIDEO,
        }
      : {
          message: value.warn?.includes(codec)
            ? `The video codec is ${codec}; ${site} recommends ${value.accept.join(' or ')} and may refuse ${codec}.`
            : `The video codec is ${codec}; ${site} takes ${[...value.accept, ...(value.warn ?? [])].join(' or ')}.`,
          expected: value.accept.join(' or '),
          actual: codec,
          fix: META_VIDEO,
        },
  'video.profile': ({ profile, bitDepth }, { value }, site) => ({
    message: `The video is ${bitDepth}-bit${profile ? ` (${profile})` : ''}; ${site} documents 8-bit video and often fails or re-encodes deeper files.`,
    expected: `<= ${value.maxBitDepth} bit`,
    actual: bitDepth,
    fix: 'Re-encode 8-bit: ffmpeg -i in.mp4 -c:v libx264 -profile:v high -pix_fmt yuv420p -c:a copy out.mp4',
  }),
  'video.chroma_subsampling': ({ chroma, pixFmt }, { value }, site) => ({
    message: `The video stores colour as ${chroma}${pixFmt ? ` (${pixFmt})` : ''}; ${site} takes ${value.accept.join(', ')} only.`,
    expected: value.accept.join(' or '),
    actual: chroma,
    fix: 'Re-encode with -pix_fmt yuv420p: ffmpeg -i in.mp4 -c:v libx264 -pix_fmt yuv420p -c:a copy out.mp4',
  }),
  'video.color': ({ transfer, primaries, range, issues }, _limit, site) => ({
    message: `The video is ${issues.map((i) => COLOR_ISSUES[i]).join(', ')}; ${site} expects SDR BT.709 in limited range and may wash out or shift the colours.`,
    expected: 'bt709, limited (tv) range',
    actual: [transfer, primaries, range].filter(Boolean).join(', '),
    fix: 'Export SDR BT.709; for full range only: ffmpeg -i in.mp4 -vf scale=out_range=tv -pix_fmt yuv420p -c:a copy out.mp4',
  }),
  'video.interlaced': ({ fieldOrder }, _limit, site) => ({
    message: `The video is interlaced (field order ${fieldOrder}); ${site} takes progressive video only.`,
    expected: 'progressive',
    actual: fieldOrder,
    fix: 'Deinterlace: ffmpeg -i in.mp4 -vf yadif -c:v libx264 -pix_fmt yuv420p -c:a copy out.mp4',
  }),
  'video.frame_rate': ({ fps, variable }, { value }, site) => {
    const range = value.min === undefined ? `at most ${value.max}` : `${value.min} to ${value.max}`
    if (value.nearMin !== undefined && value.min !== undefined && fps >= value.nearMin && fps < value.min)
      return {
        message: `The video runs at ${fps} fps, just under the ${value.min} fps ${site} asks for (${range} fps); it may be refused.`,
        expected: `${value.min}-${value.max}`,
        actual: fps,
        fix: `Re-encode at ${value.min} fps: ffmpeg -i in.mp4 -r ${value.min} -c:a copy out.mp4`,
      }
    return {
      message: `The video runs at ${fps} fps${variable ? ' (variable frame rate)' : ''}; ${site} accepts ${range} fps.`,
      expected: value.min === undefined ? `<= ${value.max}` : `${value.min}-${value.max}`,
      actual: fps,
      fix: `Re-encode at a constant rate: ffmpeg -i in.mp4 -r ${value.max >= 120 ? 60 : 30} -c:a copy out.mp4`,
    }
  },
  'video.frame_rate_mode': ({ fps, realFps }, { value }, site) => ({
    message: `The frame rate varies (base ${realFps} fps, average ${fps} fps, more than ${value.maxDiffPercent} % apart); ${site} asks for a fixed frame rate.`,
    expected: 'constant frame rate',
    actual: `${realFps} / ${fps}`,
    fix: 'Re-encode at a constant rate: ffmpeg -i in.mp4 -fps_mode cfr -r 30 -c:a copy out.mp4',
  }),
  'video.min_dimensions': ({ width, height, bound }, { value }, site) =>
    bound === 'min'
      ? {
          message: `The video is displayed ${width}x${height}; ${site} needs at least ${value.minWidth}x${value.minHeight}.`,
          expected: `>= ${value.minWidth}x${value.minHeight}`,
          actual: `${width}x${height}`,
          fix:
            value.maxSide === undefined
              ? FACEBOOK_VIDEO
              : `Scale each side into ${value.minWidth}-${value.maxSide} px: ffmpeg -i in.mp4 -vf "scale=1080:1920:force_original_aspect_ratio=decrease,pad=1080:1920:(ow-iw)/2:(oh-ih)/2" -c:a copy out.mp4`,
        }
      : {
          message: `The video is displayed ${width}x${height}; ${site} takes at most ${value.maxSide} px per side.`,
          expected: `<= ${value.maxSide} px per side`,
          actual: `${width}x${height}`,
          fix: `Scale it down: ffmpeg -i in.mp4 -vf "scale=${value.maxSide}:${value.maxSide}:force_original_aspect_ratio=decrease:force_divisible_by=2" -c:a copy out.mp4`,
        },
  'video.width_max': ({ width, height }, { value }, site) => ({
    message: `The video is displayed ${width}x${height}; ${site} takes at most ${value.max} px wide and does not scale video down.`,
    expected: `<= ${value.max}`,
    actual: width,
    fix: `Scale to ${value.max} px wide: ffmpeg -i in.mp4 -vf "scale='min(${value.max},iw)':-2" -c:a copy out.mp4`,
  }),
  'video.aspect_ratio': ({ width, height, ratio, bound, first }, { value }, site) => {
    if (bound === 'recommended' && value.recommended) {
      const { w, h } = value.recommended
      return {
        message: `The video is ${width}x${height} (${ratioText(ratio)}); ${site} shows the centre ${w}:${h} of it.`,
        expected: `${w}:${h}`,
        actual: ratioText(ratio),
        fix: `Export at ${w}:${h}, e.g. 1080x${Math.round((1080 * h) / w)}.`,
      }
    }
    if (bound === 'first') {
      return {
        message: `This video is ${ratioText(ratio)} but the first item is ${ratioText(first ?? ratio)}; ${site} crops every item to the first item's ratio.`,
        expected: ratioText(first ?? ratio),
        actual: ratioText(ratio),
        fix: "Export every item at the first item's ratio (1:1 or 4:5).",
      }
    }
    const range = ratioRange(value.min, value.max)
    return {
      message: `The video is ${width}x${height} (${ratioText(ratio)}), ${bound === 'min' ? 'taller' : 'wider'} than ${site} accepts (${range}, width:height).`,
      expected: range,
      actual: ratioText(ratio),
      fix: `Crop or pad into ${range}; for a too-wide clip, pad it: ffmpeg -i in.mp4 -vf "pad=iw:'max(ih,ceil(iw*9/16/2)*2)':(ow-iw)/2:(oh-ih)/2" out.mp4`,
    }
  },
  'video.bitrate': ({ bitrate, computed }, { value }, site) => ({
    message: `The video stream runs at ${mbps(bitrate)}${computed ? ' (computed from size and duration)' : ''}; ${site} accepts at most ${mbps(value.max)}.`,
    expected: `<= ${value.max}`,
    actual: bitrate,
    fix: `Cap the bitrate: ffmpeg -i in.mp4 -c:v libx264 -crf 20 -maxrate ${value.max / 1_000_000}M -bufsize ${(2 * value.max) / 1_000_000}M -c:a copy out.mp4`,
  }),
  'video.duration_min': ({ durationS }, { value }, site) => ({
    message: `The video is ${seconds(durationS)} long; ${site} needs at least ${value.min} s.`,
    expected: `>= ${value.min}`,
    actual: durationS,
    fix: `Lengthen it: ffmpeg -i in.mp4 -vf tpad=stop_mode=clone:stop_duration=${value.min} out.mp4`,
  }),
  'video.duration_max': ({ durationS, frames, premium, creatorMaxS }, { value }, site) =>
    creatorMaxS !== undefined
      ? {
          message: `The video is ${seconds(durationS)} long; this creator may post at most ${creatorMaxS} s on ${site}.`,
          expected: `<= ${creatorMaxS}`,
          actual: durationS,
          fix: `Trim it to ${creatorMaxS - 1} s: ffmpeg -i in.mp4 -t ${creatorMaxS - 1} -c copy out.mp4`,
        }
      : frames !== undefined
        ? {
            message: `The video has ${count(frames)} frames (${seconds(durationS)}); ${site} re-encodes it and keeps only the first ${count(value.maxFrames ?? 0)}.`,
            expected: `<= ${value.maxFrames} frames`,
            actual: frames,
            fix: `Trim it, or send an MP4 ${site} keeps as sent: ${META_VIDEO}`,
          }
        : durationMaxWords(durationS, premium ? value.premiumMax : value.max, value, site),
  'video.file_size': ({ bytes: size, premium }, { value }, site) => ({
    message: `The file is ${bytes(size)}; ${site} accepts ${sizeBound({ ...value, max: maxOf(value, premium) }).words}${premium ? ' from a Premium account' : ''}${
      value.warnAbove !== undefined && size <= maxOf(value, premium)
        ? ` and files over ${bytes(value.warnAbove)} are at risk`
        : ''
    }.`,
    expected: value.warnAbove === undefined ? sizeBound(value).expected : `<= ${value.warnAbove}`,
    actual: size,
    fix: 'Lower the bitrate or trim: ffmpeg -i in.mp4 -c:v libx264 -crf 23 -maxrate 8M -bufsize 16M -c:a aac -b:a 128k out.mp4',
  }),
  'video.moov_position': (_args, _limit, site) => ({
    message: `The index (moov box) comes after the media data; ${site} needs it first ("fast start").`,
    expected: 'moov before mdat',
    actual: 'moov after mdat',
    fix: 'ffmpeg -i in.mp4 -c copy -movflags +faststart out.mp4',
  }),
  'video.edit_list': ({ track, handler, entries, emptyEdits, startS }, _limit, site) => {
    const what = emptyEdits
      ? `${emptyEdits} empty edit${emptyEdits > 1 ? 's' : ''}`
      : `${entries} entr${entries === 1 ? 'y' : 'ies'}`
    const start = startS ? `, starting ${offsetSeconds(startS)} in` : ''
    return {
      message: `Track ${track}${handler ? ` (${handler})` : ''} has an edit list (${what}${start}); ${site} documents none and may mistime or refuse the video.`,
      expected: 'no edit list',
      actual: `${entries} entries`,
      fix: 'ffmpeg -i in.mp4 -c copy -use_editlist 0 -movflags +faststart out.mp4',
    }
  },
  'video.pixels': ({ width, height, bound }, { value }, site) => {
    if (bound === 'min_side')
      return {
        message: `The video is ${width}x${height}; ${site} needs at least ${value.minSide} px on each side.`,
        expected: `>= ${value.minSide}x${value.minSide}`,
        actual: `${width}x${height}`,
        fix: `Scale it up: ffmpeg -i in.mp4 -vf "scale=-2:${Math.max(value.minSide ?? 32, 240)}" -c:a copy out.mp4`,
      }
    if (bound === 'box') {
      const box = value.box && Math.max(width, height) <= value.box.long && Math.min(width, height) <= value.box.short
      const fit = box ? value.warnBox : value.box
      const size = fit ? `${fit.long}x${fit.short}` : '?'
      return {
        message: box
          ? `The video is ${width}x${height}; ${site} documents ${size} (either way round) and may refuse a larger video.`
          : `The video is ${width}x${height}; ${site} accepts at most ${size} (either way round).`,
        expected: `<= ${size}`,
        actual: `${width}x${height}`,
        fix: X_VIDEO,
      }
    }
    return {
      message: `The video has ${count(width * height)} pixels (${width}x${height}); ${site} accepts at most ${count(value.max ?? 0)} and does not scale video.`,
      expected: `<= ${value.max}`,
      actual: width * height,
      fix: `ffmpeg -i in.mp4 -vf "scale=trunc(iw*sqrt(${value.max}/(iw*ih))/2)*2:-2" -c:a copy out.mp4`,
    }
  },
  'video.sample_aspect_ratio': ({ num, den }, _limit, site) => ({
    message: `The video's pixels are not square (sample aspect ratio ${num}:${den}); ${site} needs 1:1.`,
    expected: '1:1',
    actual: `${num}:${den}`,
    fix: 'Resample to square pixels: ffmpeg -i in.mp4 -vf "scale=iw*sar:ih,setsar=1" -c:v libx264 -pix_fmt yuv420p -c:a copy out.mp4',
  }),
}

/** The size limit that judged the file: X Premium's own with `xPremium`. */
const maxOf = (value: { max: number; premiumMax?: number }, premium?: boolean) =>
  premium ? (value.premiumMax ?? value.max) : value.max

/**
 * A too-long video: past the maximum (trim it), or in the warning band: past a lower limit some accounts
 * or clients have, or (with `creatorMax`) past what every TikTok creator may post.
 */
function durationMaxWords(
  durationS: number,
  max: number | undefined,
  { warnAbove, creatorMax }: { warnAbove?: number; creatorMax?: boolean },
  site: string,
) {
  if (warnAbove !== undefined && durationS <= (max ?? Infinity))
    return creatorMax
      ? {
          message: `The video is ${seconds(durationS)} long; every ${site} creator may post ${warnAbove} s, only some longer (pass tiktokMaxDurationS to know).`,
          expected: `<= ${warnAbove}`,
          actual: durationS,
          fix: `Trim it to ${warnAbove - 1} s if the creator's limit is lower: ffmpeg -i in.mp4 -t ${warnAbove - 1} -c copy out.mp4`,
        }
      : {
          message: `The video is ${seconds(durationS)} long; ${site} accepts up to ${max} s, but beyond ${warnAbove} s not for every account, app or use.`,
          expected: `<= ${warnAbove}`,
          actual: durationS,
          fix: `Trim it to ${warnAbove - 1} s if it must play everywhere: ffmpeg -i in.mp4 -t ${warnAbove - 1} -c copy out.mp4`,
        }
  const keep = (max ?? 1) - 1
  return {
    message: `The video is ${seconds(durationS)} long; ${site} accepts at most ${max} s.`,
    expected: `<= ${max}`,
    actual: durationS,
    fix: `Trim it to ${keep} s, cutting the last ${seconds(durationS - keep)}: ffmpeg -i in.mp4 -t ${keep} -c copy out.mp4`,
  }
}
