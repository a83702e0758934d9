// Runs fix jobs in tests: a job folder of its own, a cancel signal, progress kept; the folder is removed after.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TargetName } from '../../platforms/targets.js'
import { runFixJob } from '../../src/fix/job.js'
import type { FixJobResult, FixStrategy, JobContext } from '../../src/jobs/types.js'
import type { MediaInput } from '../../src/pipeline/acquire.js'
import type { PreflightOptions } from '../../src/pipeline/options.js'
import type { PreflightRequest } from '../../src/pipeline/preflight.js'
import { testOptions } from './options.js'

// Fast encodes: the outputs only need to pass the rules.
export const fixOptions = (overrides: Partial<PreflightOptions> = {}): PreflightOptions => {
  const base = testOptions(overrides)
  return { ...base, ffmpeg: { ...base.ffmpeg!, preset: 'ultrafast' } }
}

export interface FixRun extends AsyncDisposable {
  result: FixJobResult
  workDir: string
  progress: [number, number][]
}

export async function fixJob(
  media: MediaInput[],
  targets: TargetName[],
  how: {
    strategy?: FixStrategy
    allowTrim?: boolean
    signal?: AbortSignal
    options?: PreflightOptions
    /** The rest of the request (post fields, mastodonInstance). */
    request?: Omit<PreflightRequest, 'media' | 'targets'>
  } = {},
): Promise<FixRun> {
  const workDir = await mkdtemp(join(tmpdir(), 'preflight-fix-test-'))
  const progress: [number, number][] = []
  const ctx: JobContext = {
    signal: how.signal ?? new AbortController().signal,
    workDir,
    progress: (done, total) => progress.push([done, total]),
  }
  const dispose = () => rm(workDir, { recursive: true, force: true })
  try {
    const result = await runFixJob(
      {
        request: { ...how.request, media, targets },
        strategy: how.strategy ?? 'pad',
        allowTrim: how.allowTrim ?? false,
      },
      ctx,
      how.options ?? fixOptions(),
    )
    return { result, workDir, progress, [Symbol.asyncDispose]: dispose }
  } catch (error) {
    await dispose()
    throw error
  }
}

/** `rule:severity` of a target's findings that ask something of the caller (errors and warnings), sorted. */
export function problems(result: FixJobResult['before'], target: TargetName): string[] {
  return (result.results.find((r) => r.target === target)?.findings ?? [])
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.rule}:${f.severity}`)
    .sort()
}
