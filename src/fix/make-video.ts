// Makes a planned video with ffmpeg (an animated WebP goes through sharp to GIF first: ffmpeg 4 has no animated
// WebP decoder); a capped-rate encode that still misses the size limit is redone once at a lower cap.
import { stat, unlink } from 'node:fs/promises'
import { basename } from 'node:path'
import sharp from 'sharp'
import { runFfmpeg, type FfmpegOptions } from '../services/ffmpeg.js'
import type { VideoMake } from './plan.js'
import { commandLine, videoArgs } from './video-args.js'

export interface MadeVideo {
  bytes: number
  commands: string[]
}

export interface VideoJob {
  input: string
  output: string
  /** The source's format when it is an animated image (`gif`, `webp`, `png`). */
  imageFormat?: string
  maxBytes?: number
  ffmpeg: FfmpegOptions
  signal: AbortSignal
  /** Fraction of this output done, 0 to 1. */
  onProgress: (fraction: number) => void
}

// A second encode when the first missed the size limit: the cap lowered by this much.
const RETRY_FACTOR = 0.8

export async function makeVideo(make: VideoMake, job: VideoJob): Promise<MadeVideo> {
  const commands: string[] = []
  let input = job.input
  let gif: string | null = null
  try {
    if (job.imageFormat === 'webp') {
      gif = `${job.output}.gif`
      await sharp(job.input, { animated: true }).gif().toFile(gif)
      commands.push(
        `sharp(${JSON.stringify(basename(job.input))}, { animated: true }).gif().toFile(${JSON.stringify(basename(gif))})`,
      )
      input = gif
    }
    let attempt = make
    for (let run = 0; run < 2; run++) {
      const args = videoArgs(attempt, input, job.output, job.ffmpeg.preset)
      await runFfmpeg(args, job.ffmpeg, {
        signal: job.signal,
        onProgress: (seconds) => job.onProgress(Math.min(1, seconds / Math.max(0.1, make.durationS))),
      })
      commands.push(
        commandLine(args.map((a) => (a === input ? basename(job.input) : a === job.output ? basename(a) : a))),
      )
      const bytes = (await stat(job.output)).size
      const { maxrate } = attempt.rate
      if (job.maxBytes === undefined || bytes <= job.maxBytes || !attempt.encode || maxrate === undefined) {
        return { bytes, commands }
      }
      const lower = Math.floor(maxrate * RETRY_FACTOR * (job.maxBytes / bytes))
      attempt = { ...attempt, rate: { ...attempt.rate, maxrate: lower, bufsize: lower * 2, sizeBound: true } }
    }
    return { bytes: (await stat(job.output)).size, commands }
  } catch (error) {
    await unlink(job.output).catch(() => undefined)
    throw error
  } finally {
    if (gif) await unlink(gif).catch(() => undefined)
  }
}
