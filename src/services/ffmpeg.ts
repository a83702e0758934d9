// Runs ffmpeg for fixing: one bounded child per call (time, output kept, CPU priority below the checks), its
// `-progress` lines parsed, stopped on abort (SIGTERM, then SIGKILL after a grace).
import { execFile, spawn } from 'node:child_process'
import { setPriority } from 'node:os'

export interface FfmpegOptions {
  /** Null: no ffmpeg for this platform and no FFMPEG_PATH; fixing is unavailable. */
  ffmpegPath: string | null
  timeoutMs: number
  /** x264 preset of fixed videos. */
  preset: string
}

export type FfmpegFailure = 'unavailable' | 'aborted' | 'timeout' | 'failed'

export class FfmpegError extends Error {
  constructor(
    readonly reason: FfmpegFailure,
    message: string,
  ) {
    super(message)
    this.name = 'FfmpegError'
  }
}

export interface FfmpegRun {
  signal?: AbortSignal
  /** Called with the seconds of output written so far, from ffmpeg's `-progress` lines. */
  onProgress?: (outSeconds: number) => void
}

// Fixing yields the CPU to the checks: a niceness above the service's own (0).
const NICENESS = 10
// After SIGTERM, ffmpeg closes its output; one that is still running after this is killed.
const KILL_GRACE_MS = 2_000
// What is kept of stderr for the error message: its last lines say what went wrong.
const STDERR_KEEP = 8 * 1024
// A `-progress` line is short; a longer one is not ffmpeg's.
const MAX_LINE = 4 * 1024

/** Runs `ffmpeg -hide_banner -nostdin -y -progress pipe:1 -nostats <args>`; resolves when it exits 0. */
export function runFfmpeg(args: readonly string[], options: FfmpegOptions, run: FfmpegRun = {}): Promise<void> {
  const { ffmpegPath } = options
  if (!ffmpegPath) return Promise.reject(new FfmpegError('unavailable', 'No ffmpeg: fixing is not available here.'))
  if (run.signal?.aborted) return Promise.reject(new FfmpegError('aborted', 'ffmpeg stopped: the job was cancelled.'))
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    })
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, NICENESS)
      } catch {
        // Not allowed here (some containers): it still runs, at the service's priority.
      }
    }
    let stopped: FfmpegFailure | null = null
    let killer: NodeJS.Timeout | undefined
    const stop = (reason: FfmpegFailure) => {
      if (stopped) return
      stopped = reason
      child.kill('SIGTERM')
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS)
    }
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs)
    const onAbort = () => stop('aborted')
    run.signal?.addEventListener('abort', onAbort, { once: true })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP)
    })
    let pending = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      pending = (pending + chunk).slice(-MAX_LINE)
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const seconds = progressSeconds(line)
        if (seconds !== null) run.onProgress?.(seconds)
      }
    })
    child.on('error', (error) => {
      stopped ??= 'failed'
      stderr += error.message
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      clearTimeout(killer)
      run.signal?.removeEventListener('abort', onAbort)
      if (stopped === 'aborted') return reject(new FfmpegError('aborted', 'ffmpeg stopped: the job was cancelled.'))
      if (stopped === 'timeout')
        return reject(new FfmpegError('timeout', `ffmpeg stopped after ${options.timeoutMs} ms.`))
      if (code === 0 && !stopped) return resolve()
      reject(new FfmpegError('failed', `ffmpeg failed: ${lastLine(stderr)}`))
    })
  })
}

/** Seconds of output in one `-progress` line (`out_time_us`, or ffmpeg 4's `out_time_ms`, also in µs); null for others. */
export function progressSeconds(line: string): number | null {
  const match = /^out_time_(?:us|ms)=(\d+)\s*$/.exec(line)
  return match ? Number(match[1]) / 1_000_000 : null
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n')
  return (lines[lines.length - 1] ?? 'no message').slice(0, 300)
}

/** What readiness reports about fixing: ffmpeg runs and has the encoders the outputs need. */
export interface FixingReadiness {
  available: boolean
  ffmpeg: string | null
  /** What is missing, when not available. */
  missing: string[]
}

// The encoders fixed videos are written with (sharp writes the images, with mozjpeg).
const NEEDED_ENCODERS = ['libx264', 'aac'] as const

/** Runs `ffmpeg -version` and `-encoders`, bounded; the answer for a path that worked is kept. */
export async function fixingReadiness(
  options: Pick<FfmpegOptions, 'ffmpegPath'>,
  timeoutMs: number,
): Promise<FixingReadiness> {
  const path = options.ffmpegPath
  if (!path) return { available: false, ffmpeg: null, missing: ['ffmpeg (set FFMPEG_PATH)'] }
  const known = ready.get(path)
  if (known) return known
  try {
    const version = (await execText(path, ['-version'], timeoutMs)).split('\n')[0] ?? ''
    const encoders = await execText(path, ['-hide_banner', '-encoders'], timeoutMs)
    const missing = NEEDED_ENCODERS.filter((name) => !new RegExp(`^\\s*\\S{6}\\s+${name}\\s`, 'm').test(encoders))
    const answer = { available: missing.length === 0, ffmpeg: version, missing: missing.map((m) => `encoder ${m}`) }
    if (answer.available) ready.set(path, answer)
    return answer
  } catch {
    return { available: false, ffmpeg: null, missing: ['ffmpeg does not run'] }
  }
}

const ready = new Map<string, FixingReadiness>()

function execText(path: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    )
  })
}
