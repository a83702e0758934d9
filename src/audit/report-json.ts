// The JSON audit report: every asset's full preflight report under its name; and reading one back.
import type { Report } from '../pipeline/report.js'
import type { AuditRecord } from './records.js'
import { assetFails, summarize, totals, type AssetError, type AssetSummary, type SummaryOptions } from './summary.js'

interface JsonAsset {
  asset: string
  ok: boolean
  report?: Report
  error?: AssetError
  /** Only for assets carried over by --resume from a CSV or HTML report, which hold no full report. */
  summary?: AssetSummary
}

export function jsonReport(records: readonly AuditRecord[], targets: readonly string[]): string {
  const assets: JsonAsset[] = records.map(({ outcome, summary }) => {
    // An audit's ok: no target that takes the asset fails (n/a targets do not count, as in the totals).
    const ok = !assetFails(summary)
    if (outcome?.report) return { asset: summary.asset, ok, report: outcome.report }
    if (outcome?.error) return { asset: summary.asset, ok: false, error: outcome.error }
    return { asset: summary.asset, ok, summary }
  })
  const summary = totals(records.map((r) => r.summary))
  return `${JSON.stringify({ tool: 'preflight audit', targets, totals: summary, assets }, null, 2)}\n`
}

/** The records a JSON audit report holds; null when the text is not one. */
export function readJsonReport(
  text: string,
  targets: readonly string[],
  options: SummaryOptions = {},
): AuditRecord[] | null {
  let parsed: { tool?: unknown; assets?: unknown }
  try {
    parsed = JSON.parse(text) as typeof parsed
  } catch {
    return null
  }
  if (parsed.tool !== 'preflight audit' || !Array.isArray(parsed.assets)) return null
  return (parsed.assets as JsonAsset[])
    .filter((a) => typeof a?.asset === 'string')
    .map((a) => {
      if (a.summary) return { outcome: null, summary: a.summary }
      const outcome = { asset: a.asset, report: a.report ?? null, error: a.error ?? null }
      return { outcome, summary: summarize(outcome, targets, options) }
    })
}
