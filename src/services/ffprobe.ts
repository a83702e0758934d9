// Runs ffprobe: one bounded child process per call, killed past its deadline, JSON out.
import { execFile } from 'node:child_process'
import type { Limiter } from './limiter.js'
import { OutputTooLarge, runCommand } from './spawner.js'
import type { PipelineObserver, ProbeFailure } from './observer.js'

export class ProbeError extends Error {
  constructor(
    readonly reason: ProbeFailure,
    message: string,
  ) {
    super(message)
    this.name = 'ProbeError'
  }
}

export interface FfprobeOptions {
  ffprobePath: string
  timeoutMs: number
  signal?: AbortSignal
  /**
   * Any message on stderr fails the run (reason `unclean`). For a head whose tail is not on disk yet:
   * ffprobe complains when it decodes the missing part, and then its answer is not trusted.
   */
  requireClean?: boolean
  /** The server-wide cap on ffprobe runs at once (CPU, memory); absent, no cap. */
  slots?: Limiter
  /**
   * H.264 or HEVC with AAC in MP4 or QuickTime is read from the moov box without running ffprobe (default true);
   * false asks ffprobe for every video (tests comparing the two, A/B runs).
   */
  moovFacts?: boolean
  /** Told how long each run took and how it ended (the metrics). */
  observer?: Pick<PipelineObserver, 'ffprobeRun'>
}

// ffprobe's JSON for one file is small; a larger answer means something is wrong.
const MAX_OUTPUT = 4 * 1024 * 1024

/**
 * Runs `ffprobe -v error -print_format json <args> <path>` and parses its output.
 * fluent-ffmpeg's ffprobe() is not used: it sets no timeout and exposes no child to kill.
 */
export async function runFfprobe(path: string, args: readonly string[], options: FfprobeOptions): Promise<unknown> {
  return (await runFfprobeLogged(path, args, options)).output
}

/** A run whose answer is read with what ffprobe said on stderr (`-v error`: errors only), one line each. */
export interface LoggedRun {
  output: unknown
  errors: string[]
}

/** runFfprobe, keeping stderr: a decoding run reports damage there while still printing the frames it got. */
export function runFfprobeLogged(path: string, args: readonly string[], options: FfprobeOptions): Promise<LoggedRun> {
  const { slots } = options
  if (!slots) return observed(path, args, options)
  return slots
    .run(() => observed(path, args, options), 'interactive', options.signal)
    .catch((error: unknown) => {
      throw error instanceof ProbeError
        ? error
        : new ProbeError('aborted', 'ffprobe did not start: its answer is no longer needed')
    })
}

function observed(path: string, args: readonly string[], options: FfprobeOptions): Promise<LoggedRun> {
  const run = execFfprobe(path, args, options)
  const { observer } = options
  if (observer) {
    const started = performance.now()
    const seconds = () => (performance.now() - started) / 1000
    run.then(
      () => observer.ffprobeRun(seconds(), 'ok'),
      (error: unknown) => observer.ffprobeRun(seconds(), error instanceof ProbeError ? error.reason : 'failed'),
    )
  }
  return run
}

async function execFfprobe(path: string, args: readonly string[], options: FfprobeOptions): Promise<LoggedRun> {
  const argv = ['-v', 'error', '-print_format', 'json', ...args, '--', path]
  let ended
  try {
    ended = await runCommand(options.ffprobePath, argv, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      maxBuffer: MAX_OUTPUT,
    })
  } catch (error) {
    if (error instanceof OutputTooLarge) throw new ProbeError('failed', 'ffprobe printed more than it may')
    throw new ProbeError('failed', (error as Error).message)
  }
  if (ended.killed) {
    if (options.signal?.aborted) throw new ProbeError('aborted', 'ffprobe stopped: its answer is no longer needed')
    throw new ProbeError('timeout', `ffprobe stopped after ${options.timeoutMs} ms`)
  }
  const { stdout, stderr } = ended
  if (ended.code !== 0) throw new ProbeError('failed', lastLine(stderr) || `ffprobe exited with ${ended.code}`)
  if (options.requireClean && stderr.trim() !== '') throw new ProbeError('unclean', lastLine(stderr))
  try {
    return { output: JSON.parse(stdout), errors: errorLines(stderr, path) }
  } catch {
    throw new ProbeError('output', 'ffprobe printed no readable JSON')
  }
}

/** ffprobe's last stderr line names the problem; paths in it are ours, not the caller's. */
function lastLine(text: string): string {
  const lines = text.trim().split('\n')
  return (lines[lines.length - 1] ?? '').replace(/^.*?: /, '').slice(0, 200)
}

// A damaged stream repeats its error for every packet; a few lines say what and where.
const MAX_ERROR_LINES = 20

/** stderr's lines, each without the path ffprobe may put in it (ours, not the caller's). */
function errorLines(text: string, path: string): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
  return lines.slice(0, MAX_ERROR_LINES).map((l) => l.replaceAll(path, 'the file').slice(0, 200))
}

/** Whether the binary runs at all: the readiness probe. */
export function ffprobeVersion(options: FfprobeOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      options.ffprobePath,
      ['-version'],
      { timeout: options.timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout) => {
        if (error) return reject(new ProbeError('failed', error.message))
        resolve(stdout.split('\n')[0] ?? '')
      },
    )
  })
}
