// The fix figures of npm run bench: runFixJob (check, plan, make, check again) against running the same ffmpeg
// command by hand, and the image fix against ImageMagick doing the same resize and conversion.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import type { TargetName } from '../platforms/targets.js'
import { loadConfig } from '../src/config.js'
import { runFixJob } from '../src/fix/job.js'
import { preflightOptions } from '../src/pipeline/options.js'
import { track } from './cleanup.js'
import type { Media } from './media.js'
import { alternate } from './measure.js'
import type { Pair } from './report.js'
import { ratio, summarize } from './stats.js'

export interface FixFigures {
  video: Pair
  image: Pair
  videoCommand: string
  imageCommand: string
  magick: string
}

const TIMEOUT_MS = 600_000
const REELS: TargetName[] = ['instagram.reels']
const FEED: TargetName[] = ['instagram.feed']

export async function fixBench(
  media: Media,
  tmp: string,
  runs: number,
  log: (line: string) => void,
): Promise<FixFigures> {
  const config = loadConfig({ ...process.env, PREFLIGHT_TMPDIR: tmp })
  const ffmpeg = config.FFMPEG_PATH
  if (!ffmpeg) throw new Error('no ffmpeg for fixing on this platform')
  const options = preflightOptions(config)
  // The 30 s clip stored 4:4:4: Reels refuses the chroma, so the fix re-encodes the whole picture.
  const clip = join(media.dir, 'clip-30s-1080x1920-yuv444p.mp4')
  if (!existsSync(clip)) {
    log('generating the 4:4:4 copy of the 30 s clip')
    await exec(ffmpeg, [
      '-v',
      'error',
      '-y',
      '-i',
      media.video,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv444p',
      '-c:a',
      'copy',
      '-f',
      'mp4',
      `${clip}.part`,
    ])
    await rename(`${clip}.part`, clip)
  }
  // A phone photo: 4032x3024, wider than the feed's 1440 px.
  const photo = join(media.dir, 'phone-4032x3024.jpg')
  if (!existsSync(photo)) await makePhoto(photo)
  const fix = async (input: string, targets: TargetName[]) => {
    const workDir = await mkdtemp(join(tmp, 'fix-'))
    try {
      const result = await runFixJob(
        { request: { media: [{ path: input }], targets }, strategy: 'pad', allowTrim: false },
        { signal: new AbortController().signal, workDir, progress: () => undefined },
        options,
      )
      if (!result.after.ok || result.outputs.length !== 1)
        throw new Error(`the fix did not pass: ${JSON.stringify(result.after.results)}`)
      return result.outputs[0]!.commands.at(-1) ?? ''
    } finally {
      await rm(workDir, { recursive: true, force: true })
    }
  }
  log('fix: warming up (and reading the commands the fix runs)')
  const videoCommand = await fix(clip, REELS)
  await fix(photo, FEED)
  // By hand: the fix's own ffmpeg command, in a folder holding the input under the name the command uses, so the
  // difference is what the service adds (the checks before and after, planning, progress).
  const byHand = async () => {
    const dir = await mkdtemp(join(tmp, 'hand-'))
    try {
      await copyFile(clip, join(dir, basename(clip)))
      const [, ...args] = shellWords(videoCommand)
      // At the fix's own CPU priority (services/ffmpeg.ts NICENESS): on a shared machine a niced run gets less CPU.
      await exec('nice', ['-n', '10', ffmpeg, '-v', 'error', '-y', ...args], dir)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  const magick = (await exec('sh', ['-c', 'command -v magick || echo /usr/bin/convert'])).trim()
  const magickArgs = ['-auto-orient', '-colorspace', 'sRGB', '-resize', '1440x1080', '-quality', '90']
  const byMagick = () => exec(magick, [photo, ...magickArgs, join(tmp, 'magick-out.jpg')])
  log(`fix: the 30 s clip into a Reels output, ${runs} alternating pairs with the same ffmpeg command by hand`)
  const video = await alternate(runs, () => fix(clip, REELS), byHand)
  log(`fix: a 4032x3024 photo into a feed output, ${runs * 5} alternating pairs with ${basename(magick)}`)
  const image = await alternate(runs * 5, () => fix(photo, FEED), byMagick)
  return {
    video: { preflight: summarize(video.a), baseline: summarize(video.b) },
    image: { preflight: summarize(image.a), baseline: summarize(image.b) },
    videoCommand,
    imageCommand: `${basename(magick)} ${basename(photo)} ${magickArgs.join(' ')} out.jpg`,
    magick,
  }
}

export function fixTable(f: FixFigures): string {
  const v = ratio(f.video.preflight.median, f.video.baseline.median)
  const i = ratio(f.image.preflight.median, f.image.baseline.median)
  const spread = (s: Pair['preflight']) => `${s.median.toFixed(0)} [${s.p25.toFixed(0)}-${s.p75.toFixed(0)}]`
  return [
    '| fix | preflight median [p25-p75] ms | by hand median [p25-p75] ms | ratio | target | met |',
    '|---|---|---|---|---|---|',
    `| 30 s 1080x1920 clip (4:4:4) → Reels (runFixJob vs its ffmpeg command, both at nice 10) | ${spread(f.video.preflight)} | ${spread(f.video.baseline)} | ${v.toFixed(2)} | <= 1.1 | ${v <= 1.1 ? 'yes' : 'NO'} |`,
    `| 4032x3024 photo → feed (runFixJob vs ${basename(f.magick)}) | ${spread(f.image.preflight)} | ${spread(f.image.baseline)} | ${i.toFixed(2)} | - | - |`,
    '',
    `ffmpeg by hand: ${f.videoCommand}`,
    `magick by hand: ${f.imageCommand}`,
  ].join('\n')
}

/** Noise, slightly blurred, as a phone's 12 MP JPEG at quality 92. */
async function makePhoto(path: string): Promise<void> {
  const create = { width: 4032, height: 3024, channels: 3 as const, background: '#808080' }
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 30 }
  const raw = await sharp({ create: { ...create, noise } })
    .blur(1.5)
    .raw()
    .toBuffer()
  await sharp(raw, { raw: { width: 4032, height: 3024, channels: 3 } })
    .jpeg({ quality: 92 })
    .toFile(`${path}.part`)
  await rename(`${path}.part`, path)
}

/** The words of a command as commands.ts quote() writes them: plain words, or single-quoted with '\'' inside. */
export function shellWords(command: string): string[] {
  const words: string[] = []
  for (const match of command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) {
    words.push(match[1] !== undefined ? match[1].replace(/'\\''/g, "'") : (match[2] ?? ''))
  }
  return words
}

function exec(command: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { cwd, timeout: TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${command} failed: ${stderr.trim().split('\n').at(-1) ?? error.message}`))
          : resolve(stdout),
    )
    track(child)
  })
}
