// An image decode in a child process: for images large enough that the decode, not the ~0.1 s start,
// is the cost. A child is killed at its deadline or when the request is aborted, which stops the
// decode itself (sharp cannot be interrupted in process), and its memory is not the service's.
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import type { SharpOptions } from 'sharp'

/** The size a decode shrinks to (sharp's resize options): its rows are what libvips reads. */
export interface Thumbnail {
  width: number
  height: number
  fit: 'fill' | 'inside'
  kernel?: 'linear'
}

/** What a decode said: its error message, if it failed, and libvips' warnings. */
export interface DecodeRun {
  error: string | null
  warnings: string[]
}

// Plain CommonJS run by `node -e`: argv is [node, sharp's path, the file, the options as JSON].
const SCRIPT = `
const [sharpPath, file, json] = process.argv.slice(1)
const sharp = require(sharpPath)
sharp.cache(false)
const { input, size, seconds } = JSON.parse(json)
const warnings = []
const say = (error) => process.stdout.write(JSON.stringify({ error, warnings }))
const resized = sharp(file, input).timeout({ seconds }).on('warning', (w) => warnings.push(String(w))).resize(size)
const last = size.fit === 'fill' ? resized.extract({ left: 0, top: size.height - 1, width: size.width, height: 1 }) : resized
last.raw().toBuffer()
  .then(() => say(null), (e) => say(String(e && e.message)))
`
const SHARP = createRequire(import.meta.url).resolve('sharp')
// The answer is a short JSON line; warnings are few.
const MAX_OUTPUT = 256 * 1024

/** Decodes `path` into a thumbnail in a child process; 'timeout' past `timeoutMs`; rejects with the signal's reason on abort. */
export function decodeInChild(
  path: string,
  input: SharpOptions,
  size: Thumbnail,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<DecodeRun | 'timeout'> {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000))
  const args = ['-e', SCRIPT, SHARP, path, JSON.stringify({ input, size, seconds })]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', signal, maxBuffer: MAX_OUTPUT, encoding: 'utf8' },
      (error, stdout) => {
        if (signal?.aborted) return reject(signal.reason)
        if (error && (error as { killed?: boolean }).killed) return resolve('timeout')
        try {
          const answer = JSON.parse(stdout) as DecodeRun
          resolve({
            error: typeof answer.error === 'string' ? answer.error : null,
            warnings: Array.isArray(answer.warnings) ? answer.warnings.map(String) : [],
          })
        } catch {
          // No answer: the child died (out of memory, a crash in a decoder): the bytes could not be decoded.
          resolve({
            error: `the decoder exited without an answer (${error?.message.split('\n')[0] ?? 'no output'})`,
            warnings: [],
          })
        }
      },
    )
  })
}
