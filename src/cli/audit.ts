// `preflight audit`: every media file in a folder, or every entry of a list file, into JSON/CSV/HTML reports.
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { findAssets } from '../audit/assets.js'
import { audit, type AuditResult } from '../audit/audit.js'
import { formatOf, ResumeError } from '../audit/outputs.js'
import type { Config } from '../config.js'
import { ServiceError } from '../errors.js'
import { targetsOf } from '../request/parse.js'
import { preflightOptions } from '../pipeline/options.js'
import { UsageError } from './usage.js'
import { seconds } from '../client/units.js'

/** Exit status of an audit Ctrl-C cut short (128 + SIGINT), after the report of what was done is written. */
const INTERRUPTED = 130

export async function auditCommand(
  argv: string[],
  config: Config,
  out: NodeJS.WriteStream,
  err: NodeJS.WriteStream,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      targets: { type: 'string', short: 't' },
      out: { type: 'string', short: 'o', multiple: true },
      concurrency: { type: 'string', short: 'c' },
      resume: { type: 'boolean', default: false },
      'csv-bom': { type: 'boolean', default: false },
      'strict-kind': { type: 'boolean', default: false },
      'max-depth': { type: 'string' },
    },
  })
  if (positionals.length !== 1) throw new UsageError('Give one folder or list file to audit.')
  if (!values.targets) throw new UsageError('--targets is required.')
  const outs = values.out ?? []
  if (outs.length === 0) throw new UsageError('--out is required: report.json, report.csv or report.html (repeatable).')
  const badOut = outs.find((o) => formatOf(o) === null)
  if (badOut) throw new UsageError(`--out ${badOut}: the name must end in .json, .csv or .html.`)
  // Found out now, not after an hour of checking.
  for (const o of outs) {
    if (!(await stat(dirname(resolve(o))).catch(() => null))?.isDirectory())
      throw new UsageError(`--out ${o}: no such folder.`)
  }
  const concurrency = positiveInt(values.concurrency, '--concurrency') ?? availableParallelism()
  const maxDepth = positiveInt(values['max-depth'], '--max-depth') ?? 32
  let targets
  try {
    targets = targetsOf(
      values.targets
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
  } catch (error) {
    if (error instanceof ServiceError) throw new UsageError(error.message)
    throw error
  }
  const assets = await findAssets(positionals[0]!, { maxDepth, concurrency: Math.max(4, concurrency) }).catch(
    (error: unknown) => {
      const code = (error as { code?: string }).code
      if (code === 'ENOENT' || code === 'EACCES')
        throw new UsageError(`Cannot read ${positionals[0]}: no such folder or list file.`)
      throw error
    },
  )
  if (assets.length === 0) err.write(`preflight audit: no media found in ${positionals[0]}\n`)

  const controller = new AbortController()
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(INTERRUPTED) // a second Ctrl-C does not wait for the report
    err.write('\nstopping: writing the report of what is done (Ctrl-C again to quit at once)\n')
    controller.abort()
  }
  process.on('SIGINT', onSigint)
  let result: AuditResult
  try {
    result = await audit(assets, {
      targets,
      outs,
      concurrency,
      resume: values.resume,
      csvBom: values['csv-bom'],
      strictKind: values['strict-kind'],
      preflight: preflightOptions(config),
      signal: controller.signal,
      stderr: err,
    })
  } catch (error) {
    if (error instanceof ResumeError) throw new UsageError(error.message)
    throw error
  } finally {
    process.off('SIGINT', onSigint)
  }
  out.write(`${summaryText(result, outs)}\n`)
  if (result.interrupted) return INTERRUPTED
  return result.totals.failing > 0 ? 1 : 0
}

function summaryText(result: AuditResult, outs: readonly string[]): string {
  const { totals } = result
  const lines = [
    `${plural(totals.assets, 'asset')} (${result.checked} checked in ${seconds(result.seconds)}${result.skipped ? `, ${result.skipped} from the earlier report` : ''}), ${totals.failing} failing`,
  ]
  for (const [target, v] of Object.entries(totals.verdicts)) {
    lines.push(
      `  ${target.padEnd(20)} pass ${v.pass}  warn ${v.warn}  fail ${v.fail}${v['n/a'] ? `  n/a ${v['n/a']}` : ''}${v.error ? `  error ${v.error}` : ''}`,
    )
  }
  if (totals.notApplicable > 0)
    lines.push(`  n/a: the target does not take that kind of media (not counted as failing; --strict-kind counts it)`)
  for (const rule of totals.rules.slice(0, 5)) lines.push(`  ${String(rule.count).padStart(5)} × ${rule.rule}`)
  lines.push(`report: ${outs.join(', ')}`)
  return lines.join('\n')
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`

function positiveInt(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number of at least 1.`)
  return n
}
