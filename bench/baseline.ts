// What a user scripts without preflight: curl the URL to a file, then identify (images) or ffprobe (video) it.
import { execFile } from 'node:child_process'
import { track } from './cleanup.js'

const TIMEOUT_MS = 120_000

/** Runs one command to completion (bounded), returning its stdout; the commands are spawned directly, no shell. */
export function run(command: string, args: readonly string[], timeoutMs = TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} failed: ${stderr.trim().split('\n').at(-1) ?? error.message}`))
        else resolve(stdout)
      },
    )
    track(child)
  })
}

/** `curl -s -o file URL && identify file` */
export async function curlIdentify(url: string, file: string): Promise<string> {
  await run('curl', ['-s', '-o', file, url])
  return run('identify', [file])
}

/** `curl -s -o file URL && ffprobe -show_streams -show_format file` */
export async function curlFfprobe(url: string, file: string, ffprobe: string): Promise<string> {
  await run('curl', ['-s', '-o', file, url])
  return run(ffprobe, ['-show_streams', '-show_format', file])
}
