// The bench media, generated into bench/out/media (never committed): ffmpeg for video, sharp for the JPEG.
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { run } from './baseline.js'

export interface Media {
  dir: string
  /** ~270 KB 1080x1350 JPEG. */
  image: string
  /** 30 s 1080x1920 H.264/AAC faststart MP4, ~20 MB. */
  video: string
  /** ~300 MB faststart MP4 (a high-bitrate 10 s clip looped). */
  big: string
  /** ~1 GB MP4 for the upload (the same clip looped further). */
  huge: string
}

const FFMPEG_TIMEOUT_MS = 300_000
const IMAGE_BYTES = 270_000
// The high-bitrate 10 s clip the large files loop; removed once they exist.
const CLIP = 'hi-10s.mp4'

function mediaIn(dir: string): Media {
  return {
    dir,
    image: join(dir, 'photo-1080x1350.jpg'),
    video: join(dir, 'clip-30s-1080x1920.mp4'),
    big: join(dir, 'big-300mb.mp4'),
    huge: join(dir, 'huge-1gb.mp4'),
  }
}

/** Makes whatever is missing (all of it unless kept from an earlier --keep-media run); the soak needs neither large file. */
export async function generateMedia(
  dir: string,
  withHuge: boolean,
  log: (line: string) => void,
  withBig = true,
): Promise<Media> {
  const media = mediaIn(dir)
  await mkdir(dir, { recursive: true })
  if (!existsSync(media.image)) await makeImage(media.image)
  if (!existsSync(media.video)) {
    log('generating the 30 s 1080x1920 clip')
    await ffmpeg(
      ['-f', 'lavfi', '-i', 'testsrc2=s=1080x1920:r=30:d=30', '-f', 'lavfi', '-i', 'sine=f=440:d=30:sample_rate=48000'],
      ['-b:v', '5200k', '-maxrate', '5600k', '-bufsize', '10M'],
      media.video,
    )
  }
  const clip = join(dir, CLIP)
  const needBig = withBig && !existsSync(media.big)
  const needHuge = withHuge && !existsSync(media.huge)
  if (needBig || needHuge) {
    log('generating the 10 s high-bitrate clip for the 300 MB and 1 GB files')
    // Temporal noise keeps x264 from compressing the test pattern away: ~48 Mbit/s, ~61 MB for 10 s.
    await ffmpeg(
      [
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=1080x1920:r=30:d=10,noise=alls=30:allf=t',
        '-f',
        'lavfi',
        '-i',
        'sine=f=440:d=10:sample_rate=48000',
      ],
      ['-b:v', '48M', '-maxrate', '50M', '-bufsize', '50M'],
      clip,
    )
    if (needBig) await loop(clip, 4, media.big, true)
    if (needHuge) await loop(clip, 16, media.huge, false)
    await rm(clip, { force: true })
  }
  return media
}

/** Only the ~270 KB JPEG (the load script's photo), made when missing; its path. */
export async function generateImage(dir: string): Promise<string> {
  const { image } = mediaIn(dir)
  await mkdir(dir, { recursive: true })
  if (!existsSync(image)) await makeImage(image)
  return image
}

/** A short 1080x1920 H.264/AAC faststart clip at the 30 s clip's bitrate (~3 MB for 5 s), made when missing; its path. */
export async function generateShortClip(dir: string, seconds: number): Promise<string> {
  const path = join(dir, `clip-${seconds}s-1080x1920.mp4`)
  await mkdir(dir, { recursive: true })
  if (!existsSync(path)) {
    await ffmpeg(
      [
        '-f',
        'lavfi',
        '-i',
        `testsrc2=s=1080x1920:r=30:d=${seconds}`,
        '-f',
        'lavfi',
        '-i',
        `sine=f=440:d=${seconds}:sample_rate=48000`,
      ],
      ['-b:v', '5200k', '-maxrate', '5600k', '-bufsize', '10M'],
      path,
    )
  }
  return path
}

/** What an interrupted run leaves behind when the media are kept: files still being written. */
export async function removePartials(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [])
  await Promise.all(
    names.filter((n) => n.endsWith('.part') || n === CLIP).map((n) => rm(join(dir, n), { force: true })),
  )
}

/** Noise, slightly blurred, at the JPEG quality that lands nearest ~270 KB: a photo-like entropy. */
async function makeImage(path: string): Promise<void> {
  const noise = sharp({
    create: {
      width: 1080,
      height: 1350,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
  const raw = await noise.blur(1.2).raw().toBuffer()
  let best: Buffer | null = null
  for (const quality of [80, 83, 85, 87, 90]) {
    const jpeg = await sharp(raw, { raw: { width: 1080, height: 1350, channels: 3 } })
      .jpeg({ quality })
      .toBuffer()
    if (!best || Math.abs(jpeg.length - IMAGE_BYTES) < Math.abs(best.length - IMAGE_BYTES)) best = jpeg
  }
  await writeFile(`${path}.part`, best as Buffer)
  await rename(`${path}.part`, path)
}

async function ffmpeg(inputs: string[], rate: string[], out: string): Promise<void> {
  const codecs = [
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ac',
    '2',
  ]
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...inputs,
    ...codecs,
    ...rate,
    '-shortest',
    '-movflags',
    '+faststart',
  ]
  await run('ffmpeg', [...args, '-f', 'mp4', `${out}.part`], FFMPEG_TIMEOUT_MS)
  await rename(`${out}.part`, out)
}

/** `clip` played 1 + `times` over by stream copy: no re-encode, seconds for a gigabyte. */
async function loop(clip: string, times: number, out: string, faststart: boolean): Promise<void> {
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-stream_loop', String(times), '-i', clip, '-c', 'copy']
  await run(
    'ffmpeg',
    [...args, ...(faststart ? ['-movflags', '+faststart'] : []), '-f', 'mp4', `${out}.part`],
    FFMPEG_TIMEOUT_MS,
  )
  await rename(`${out}.part`, out)
  const { size } = await stat(out)
  if (size < 100_000_000) throw new Error(`${out} came out at ${size} bytes`)
}
