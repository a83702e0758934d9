// ffmpeg's arguments for one planned video output: a filter graph (deinterlace, tone map, frame rate, the frame
// by padding on a blurred copy or by cropping, hold), x264 with a capped rate, the audio, moov in front and no
// edit list. Pure.
import { TONEMAP } from '../messages/video-fix.js'
import { quote } from '../messages/commands.js'
import type { VideoMake } from './plan.js'

// The blurred background is made at an eighth of the frame (cheap), then scaled up; at least this wide and high
// so the chroma planes stay larger than the blur radius.
const BLUR_SCALE = 8
const BLUR_MIN = 64
const BLUR_RADIUS = 8

export function videoArgs(make: VideoMake, input: string, output: string, preset: string): string[] {
  const args: string[] = []
  args.push('-i', input)
  if (make.encode) {
    args.push('-filter_complex', filterGraph(make), '-map', '[v]')
    if (make.audio.kind !== 'none') args.push('-map', '0:a:0?')
    args.push('-c:v', 'libx264', '-preset', preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p')
    args.push('-crf', String(make.rate.crf))
    if (make.rate.maxrate !== undefined) {
      args.push('-maxrate', String(make.rate.maxrate), '-bufsize', String(make.rate.bufsize ?? make.rate.maxrate * 2))
    }
    if (make.tonemap) args.push('-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709')
    if (make.tonemap || make.tvRange) args.push('-color_range', 'tv')
  } else {
    args.push('-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'copy')
  }
  args.push(...audioArgs(make.audio))
  if (make.trimS !== undefined) args.push('-t', String(make.trimS))
  args.push('-use_editlist', '0', '-movflags', '+faststart', '-f', 'mp4', output)
  return args
}

function audioArgs(audio: VideoMake['audio']): string[] {
  if (audio.kind === 'none') return ['-an']
  if (audio.kind === 'copy') return ['-c:a', 'copy']
  return [
    '-c:a',
    'aac',
    '-b:a',
    String(audio.bitrate),
    ...(audio.sampleRate ? ['-ar', String(audio.sampleRate)] : []),
    ...(audio.channels ? ['-ac', String(audio.channels)] : []),
  ]
}

/** `[0:v:0]` → `[v]`: picture fixes first, then the frame, then the hold. */
export function filterGraph(make: VideoMake): string {
  const pre: string[] = []
  if (make.loop && make.loop.times > 1) pre.push(`loop=loop=${make.loop.times - 1}:size=${make.loop.frames}`)
  if (make.deinterlace) pre.push('yadif')
  if (make.tonemap) pre.push(TONEMAP)
  else if (make.tvRange) pre.push('scale=out_range=tv')
  if (make.fps !== undefined) pre.push(`fps=${make.fps}`)
  const post = ['setsar=1', 'format=yuv420p']
  if (make.holdS !== undefined) post.push(`tpad=stop_mode=clone:stop_duration=${make.holdS}`)
  const { frame, content } = { frame: make.frame, content: make.frame.content }
  const head = pre.length ? `[0:v:0]${pre.join(',')},` : '[0:v:0]'
  const tail = post.join(',')
  const sameShape = content.width === frame.width && content.height === frame.height
  if (sameShape) return `${head}scale=${frame.width}:${frame.height},${tail}[v]`
  if (make.strategy === 'crop') {
    return `${head}scale=${content.width}:${content.height},crop=${frame.width}:${frame.height},${tail}[v]`
  }
  const even = (n: number) => Math.max(BLUR_MIN, Math.round(n / BLUR_SCALE / 2) * 2)
  const bw = even(frame.width)
  const bh = even(frame.height)
  return (
    `${head}split=2[bg][fg];` +
    `[bg]scale=${bw}:${bh}:force_original_aspect_ratio=increase,crop=${bw}:${bh},` +
    `boxblur=${BLUR_RADIUS}:2,scale=${frame.width}:${frame.height},setsar=1[blur];` +
    `[fg]scale=${content.width}:${content.height},setsar=1[front];` +
    `[blur][front]overlay=(W-w)/2:(H-h)/2,${tail}[v]`
  )
}

/** The command as a person would run it, naming the item's file and the output. */
export function commandLine(args: readonly string[]): string {
  return ['ffmpeg', ...args].map(quote).join(' ')
}
