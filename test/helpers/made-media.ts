// Media made by a test: ffmpeg clips, files padded to an exact size (sparse), and what each target says about them.
import { execFile } from 'node:child_process'
import { open, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { crc32 } from 'node:zlib'
import type { PostFacts } from '../../src/facts.js'
import type { TargetName } from '../../platforms/targets.js'
import { preflight } from '../../src/pipeline/preflight.js'
import type { Report } from '../../src/pipeline/report.js'
import { testOptions } from './options.js'

const FFMPEG_TIMEOUT_MS = 30_000
const options = testOptions()

/** Runs ffmpeg with `args` (inputs and codecs) writing `dir/name`; returns the path. */
export async function ffmpeg(dir: string, name: string, args: readonly string[]): Promise<string> {
  const out = join(dir, name)
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', ...args, out], { timeout: FFMPEG_TIMEOUT_MS })
  return out
}

/** A real file padded to exactly `size` bytes with a sparse tail after `tail`: nothing large is written or held. */
export async function padded(source: string, path: string, size: number, tail: Buffer = Buffer.alloc(0)) {
  const { size: head } = await stat(source)
  const handle = await open(path, 'w')
  try {
    await handle.write(await readFile(source))
    await handle.write(tail, 0, tail.length, head)
    await handle.truncate(size)
  } finally {
    await handle.close()
  }
  return path
}

/** An MP4 padded to `size` bytes by a trailing `free` box (64-bit `largesize` past 4 GiB), so the box tree stays whole. */
export async function paddedMp4(source: string, path: string, size: number): Promise<string> {
  const length = size - (await stat(source)).size
  const large = length > 0xffff_ffff
  const free = Buffer.alloc(large ? 16 : 8)
  free.writeUInt32BE(large ? 1 : length, 0)
  free.write('free', 4, 'latin1')
  if (large) free.writeBigUInt64BE(BigInt(length), 8)
  return padded(source, path, size, free)
}

/** A PNG grown to exactly `size` bytes by a private ancillary chunk before IEND (a valid, ignorable chunk). */
export async function sizedPng(source: string, path: string, size: number): Promise<string> {
  const png = await readFile(source)
  const iend = png.length - 12
  const data = Buffer.alloc(size - png.length - 12)
  const type = Buffer.from('prVt', 'latin1')
  const head = Buffer.alloc(4)
  head.writeUInt32BE(data.length, 0)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])), 0)
  const handle = await open(path, 'w')
  try {
    await handle.write(Buffer.concat([png.subarray(0, iend), head, type, data, crc, png.subarray(iend)]))
  } finally {
    await handle.close()
  }
  return path
}

export interface Judged {
  report: Report
  /** `rule:severity` per target, sorted. */
  rules: Record<string, string[]>
}

/** One request over the paths (one post) against the targets. */
export async function judge(paths: readonly string[], targets: readonly TargetName[], post: PostFacts = {}) {
  const report = await preflight({ media: paths.map((path) => ({ path })), targets: [...targets], post }, options)
  const rules = Object.fromEntries(
    report.results.map((r) => [r.target, r.findings.map((f) => `${f.rule}:${f.severity}`).sort()]),
  )
  return { report, rules } satisfies Judged
}
