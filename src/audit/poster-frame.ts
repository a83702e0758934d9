// A video's poster frame for the audit report: one frame from a bounded ffmpeg run, as JPEG bytes.
// The service ships only ffprobe, which decodes no pictures out: posters need an ffmpeg (FFMPEG_PATH,
// or one on the PATH); without one, video rows simply show no thumbnail.
import { execFile } from 'node:child_process'

const TIMEOUT_MS = 10_000
// One small JPEG; a larger answer means something else came out.
const MAX_OUTPUT = 2 * 1024 * 1024

/** The ffmpeg to use: FFMPEG_PATH, else `ffmpeg` on the PATH. */
function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FFMPEG_PATH?.trim() || 'ffmpeg'
}

/** A frame a second in (or the first, for shorter clips), at most `side` px on its longer side; null when none came. */
export function posterFrame(path: string, side: number, ffmpeg = ffmpegPath()): Promise<Buffer | null> {
  const scale = `scale=${side}:${side}:force_original_aspect_ratio=decrease`
  const args = [
    '-v',
    'error',
    '-nostdin',
    '-ss',
    '1',
    '-i',
    path,
    '-frames:v',
    '1',
    '-vf',
    scale,
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    'pipe:1',
  ]
  const run = (argv: string[]) =>
    new Promise<Buffer | null>((resolve) => {
      execFile(
        ffmpeg,
        argv,
        { encoding: 'buffer', timeout: TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT, windowsHide: true },
        (error, stdout) => resolve(!error && stdout.length > 0 ? stdout : null),
      )
    })
  // Past the end of a clip shorter than a second, -ss 1 yields nothing: then the first frame.
  return run(args).then((frame) => frame ?? run(args.filter((_, i) => i !== 3 && i !== 4)))
}
