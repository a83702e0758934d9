// The CSV audit report: one row per asset and target, RFC 4180 quoted; and reading one back for --resume.
import { csvLine, parseCsv, unneutralised } from './csv.js'
import type { AssetSummary, TargetSummary } from './summary.js'

const HEADER = ['asset', 'target', 'verdict', 'failing_rules', 'platform_errors', 'fix', 'warnings', 'kind', 'error'] as const

/** The UTF-8 byte order mark that makes Excel read the file as UTF-8 (`audit --csv-bom`). */
export const UTF8_BOM = '\uFEFF'

export function csvReport(summaries: readonly AssetSummary[], options: { bom?: boolean } = {}): string {
  const rows = [(options.bom ? UTF8_BOM : '') + csvLine(HEADER)]
  for (const s of summaries) {
    const error = s.error ? `${s.error.code}: ${s.error.message}` : ''
    for (const t of s.targets) {
      rows.push(
        csvLine([
          s.asset,
          t.target,
          t.verdict,
          t.failing.map((f) => f.rule).join('; '),
          t.platformErrors.join('; '),
          // One line per failing rule, named, so the cell reads alone and parses back.
          t.failing.map((f) => `${f.rule}: ${f.fix}`).join('\n'),
          t.warnings.join('; '),
          s.kind ?? '',
          error,
        ]),
      )
    }
  }
  return rows.join('')
}

/** The summaries a CSV report holds, in its order; null when the text is not one of ours. */
export function readCsvReport(text: string): AssetSummary[] | null {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''))
  if (!header || HEADER.some((name, i) => header[i] !== name)) return null
  const byAsset = new Map<string, AssetSummary>()
  for (const cells of rows) {
    const row = cells.map(unneutralised)
    const [asset = '', target = '', verdict = '', rules = '', platformErrors = '', fix = '', warnings = '', kind = '', error = ''] = row
    if (!asset) continue
    const summary = byAsset.get(asset) ?? emptySummary(asset, kind, error)
    summary.targets.push({
      target,
      verdict: (['pass', 'warn', 'fail'].includes(verdict) ? verdict : 'error') as TargetSummary['verdict'],
      failing: split(rules).map((rule) => ({ rule, fix: fixFor(rule, fix) })),
      warnings: split(warnings),
      platformErrors: split(platformErrors),
    })
    byAsset.set(asset, summary)
  }
  return [...byAsset.values()]
}

function emptySummary(asset: string, kind: string, error: string): AssetSummary {
  const at = error.indexOf(': ')
  return {
    asset,
    kind: kind || null,
    mime: null,
    width: null,
    height: null,
    sizeBytes: null,
    cache: null,
    error: error ? { code: at > 0 ? error.slice(0, at) : 'error', message: at > 0 ? error.slice(at + 2) : error } : null,
    targets: [],
  }
}

function fixFor(rule: string, cell: string): string {
  const line = cell.split('\n').find((l) => l.startsWith(`${rule}: `))
  return line ? line.slice(rule.length + 2) : ''
}

function split(cell: string): string[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
}
