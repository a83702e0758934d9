// `preflight fix`: makes files that pass the given targets (runFixJob with a job folder of its own), writes them
// into --out and prints each target's verdict before and after. Exit 0 every target passes after, 1 one fails.
import { copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import type { Config } from '../config.js'
import { runFixJob } from '../fix/job.js'
import type { FixJobResult, FixStrategy } from '../jobs/types.js'
import { preflightOptions } from '../pipeline/options.js'
import { useColour } from './colour.js'
import { POST_OPTIONS, requestFrom, saveStdin } from './check.js'
import { UsageError } from './usage.js'

const INTERRUPTED = 130
const STRATEGIES: readonly FixStrategy[] = ['pad', 'crop']
const COLOURS = { fail: 31, warn: 33, pass: 32 } as const

export async function fixCommand(
  argv: string[],
  config: Config,
  out: NodeJS.WriteStream,
  stdin?: Readable,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...POST_OPTIONS,
      out: { type: 'string', short: 'o' },
      strategy: { type: 'string', default: 'pad' },
      'allow-trim': { type: 'boolean', default: false },
    },
  })
  if (!values.out) throw new UsageError('--out DIR is required: the folder the fixed files are written to.')
  const strategy = values.strategy as FixStrategy
  if (!STRATEGIES.includes(strategy)) throw new UsageError(`--strategy is pad or crop, not "${values.strategy}".`)
  await using stdinScratch = positionals.includes('-') ? await saveStdin(stdin) : null
  const request = await requestFrom(positionals, values, config, stdinScratch)
  const options = preflightOptions(config)
  if (!options.ffmpeg?.ffmpegPath)
    throw new UsageError('Fixing needs ffmpeg: none is bundled for this platform; set FFMPEG_PATH.')
  const dir = resolve(values.out)
  await mkdir(dir, { recursive: true })
  const workDir = await mkdtemp(join(config.PREFLIGHT_TMPDIR, 'preflight-fix-'))
  // Ctrl-C cancels the job: ffmpeg is stopped and the job folder removed.
  const cancel = new AbortController()
  const onSigint = () => cancel.abort(new Error('interrupted'))
  process.once('SIGINT', onSigint)
  try {
    const result = await runFixJob(
      { request, strategy, allowTrim: values['allow-trim'] ?? false },
      { signal: cancel.signal, workDir, progress: () => undefined },
      options,
    )
    const written = await Promise.all(result.outputs.map((o) => moveInto(join(workDir, o.file), join(dir, o.file))))
    out.write(
      values.json
        ? `${JSON.stringify({ ...result, outputs: result.outputs.map((o, i) => ({ ...o, path: written[i] })) }, null, 2)}\n`
        : `${summary(result, written, useColour(out))}\n`,
    )
    return result.after.ok ? 0 : 1
  } catch (error) {
    if (cancel.signal.aborted) return INTERRUPTED
    throw error
  } finally {
    process.off('SIGINT', onSigint)
    await rm(workDir, { recursive: true, force: true })
  }
}

async function moveInto(from: string, to: string): Promise<string> {
  await rename(from, to).catch(() => copyFile(from, to))
  return to
}

/** Each target's verdict before → after, the files written with the targets they serve, and what stays failing. */
function summary(result: FixJobResult, written: readonly string[], colour: boolean): string {
  const paint = (verdict: keyof typeof COLOURS, text: string) =>
    colour ? `\x1b[${COLOURS[verdict]}m${text}\x1b[0m` : text
  const lines: string[] = []
  for (const after of result.after.results) {
    const before = result.before.results.find((r) => r.target === after.target)
    const was = before ? paint(before.verdict, before.verdict.toUpperCase()) : '?'
    lines.push(`${after.target.padEnd(20)} ${was} → ${paint(after.verdict, after.verdict.toUpperCase())}`)
  }
  lines.push('')
  result.outputs.forEach((o, i) => {
    lines.push(`[${o.item}] ${written[i]} (${o.targets.join(', ')})${o.commands.length ? '' : ': unchanged'}`)
    for (const command of o.commands) lines.push(`      ${command}`)
  })
  for (const r of result.remaining ?? []) lines.push(`[${r.item}] ${r.target}: not fixed: ${r.message}`)
  for (const after of result.after.results) {
    for (const f of after.findings.filter((f) => f.severity === 'error')) {
      lines.push(`${after.target}: ${f.item === undefined ? '' : `[${f.item}] `}${f.message}`)
    }
  }
  return lines.join('\n')
}
