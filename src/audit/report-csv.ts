// The CSV audit report: one row per asset and target, RFC 4180 quoted; and reading one back for --resume.
import { csvLine, parseCsv, unneutralised } from './csv.js'
import { SUMMARY_VERDICTS, type AssetSummary, type TargetSummary } from './summary.js'

// `messages` (each failing rule's sentence; for n/a, why) came last, so reports written before it still read back.
const HEADER = [
  'asset',
  'target',
  'verdict',
  'failing_rules',
  'platform_errors',
  'fix',
  'warnings',
  'kind',
  'error',
  'messages',
] as const
const REQUIRED_COLUMNS = 9

/** The UTF-8 byte order mark that makes Excel read the file as UTF-8 (`audit --csv-bom`). */
const UTF8_BOM = '\uFEFF'

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
          t.verdict === 'n/a' ? (t.reason ?? '') : t.failing.map((f) => `${f.rule}: ${f.message ?? ''}`).join('\n'),
        ]),
      )
    }
  }
  return rows.join('')
}

/** The summaries a CSV report holds, in its order; null when the text is not one of ours. */
export function readCsvReport(text: string): AssetSummary[] | null {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''))
  if (!header || HEADER.slice(0, REQUIRED_COLUMNS).some((name, i) => header[i] !== name)) return null
  const byAsset = new Map<string, AssetSummary>()
  for (const cells of rows) {
    const row = cells.map(unneutralised)
    const [
      asset = '',
      target = '',
      verdict = '',
      rules = '',
      platformErrors = '',
      fix = '',
      warnings = '',
      kind = '',
      error = '',
      messages = '',
    ] = row
    if (!asset) continue
    const summary = byAsset.get(asset) ?? emptySummary(asset, kind, error)
    const known = (SUMMARY_VERDICTS as readonly string[]).includes(verdict)
    summary.targets.push({
      target,
      verdict: (known ? verdict : 'error') as TargetSummary['verdict'],
      ...(verdict === 'n/a' && messages ? { reason: messages } : {}),
      failing: split(rules).map((rule) => {
        const message = lineFor(rule, messages)
        return { rule, fix: lineFor(rule, fix), ...(message ? { message } : {}) }
      }),
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
    error: error
      ? { code: at > 0 ? error.slice(0, at) : 'error', message: at > 0 ? error.slice(at + 2) : error }
      : null,
    targets: [],
  }
}

/** The line of a cell that belongs to one rule (`rule: text`), without its rule. */
function lineFor(rule: string, cell: string): string {
  const line = cell.split('\n').find((l) => l.startsWith(`${rule}: `))
  return line ? line.slice(rule.length + 2) : ''
}

function split(cell: string): string[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
}
