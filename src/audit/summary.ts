// An asset's outcome in the terms every audit report shares (verdicts, failing rules, fixes), and totals.
import type { Report } from '../pipeline/report.js'
import { isNotApplicable } from './not-applicable.js'

export interface AssetError {
  code: string
  message: string
}

/** One failing rule of one target: what the CSV row and the HTML table say about it. */
export interface Failing {
  rule: string
  fix: string
  /** The finding as a sentence (absent in reports written before it was kept). */
  message?: string
}

export type SummaryVerdict = 'pass' | 'warn' | 'fail' | 'n/a' | 'error'
export const SUMMARY_VERDICTS: readonly SummaryVerdict[] = ['pass', 'warn', 'fail', 'n/a', 'error']

export interface TargetSummary {
  target: string
  /** `n/a`: the target does not take this kind of media at all (its media.kind sentence is in `reason`). */
  verdict: SummaryVerdict
  reason?: string
  failing: Failing[]
  /** Rule ids of warnings: accepted, but altered or at risk. */
  warnings: string[]
  /** Each warning's sentence by rule id (absent in reports read back from CSV or written before it was kept). */
  warningMessages?: Record<string, string>
  platformErrors: string[]
}

export interface AssetSummary {
  asset: string
  kind: string | null
  mime: string | null
  width: number | null
  height: number | null
  sizeBytes: number | null
  cache: string | null
  error: AssetError | null
  targets: TargetSummary[]
}

/** What an audit learned about one asset: the full report, or why there is none. */
export interface AssetOutcome {
  asset: string
  report: Report | null
  error: AssetError | null
}

export interface SummaryOptions {
  /** `audit --strict-kind`: a target that does not take the media's kind fails, as in a single check. */
  strictKind?: boolean
}

export function summarize(
  outcome: AssetOutcome,
  targetNames: readonly string[],
  options: SummaryOptions = {},
): AssetSummary {
  const { report, error } = outcome
  const media = report?.items[0]?.media ?? null
  const targets: TargetSummary[] = report
    ? report.results.map((r): TargetSummary => {
        if (!options.strictKind && isNotApplicable(r)) {
          const reason = r.findings.find((f) => f.rule === 'media.kind')?.message
          return {
            target: r.target,
            verdict: 'n/a',
            ...(reason ? { reason } : {}),
            failing: [],
            warnings: [],
            platformErrors: [],
          }
        }
        return {
          target: r.target,
          verdict: r.verdict,
          failing: r.findings
            .filter((f) => f.severity === 'error')
            .map((f) => ({ rule: f.rule, fix: f.fix ?? '', message: f.message })),
          warnings: unique(r.findings.filter((f) => f.severity === 'warning').map((f) => f.rule)),
          warningMessages: Object.fromEntries(
            r.findings.filter((f) => f.severity === 'warning').map((f) => [f.rule, f.message]),
          ),
          platformErrors: unique(r.findings.filter((f) => f.severity === 'error').map((f) => f.platformError)),
        }
      })
    : targetNames.map((target) => ({ target, verdict: 'error', failing: [], warnings: [], platformErrors: [] }))
  return {
    asset: outcome.asset,
    // An MP4 holding only sound sniffs as video; a person calls it audio.
    kind: media?.kind === 'video' && !media.video && media.audio ? 'audio' : (media?.kind ?? null),
    mime: media?.mime ?? null,
    width: media?.width ?? null,
    height: media?.height ?? null,
    sizeBytes: media?.sizeBytes ?? null,
    cache: report?.items[0]?.cache ?? null,
    error,
    targets,
  }
}

/** An asset fails the audit when any target fails or it could not be checked at all; n/a targets do not count. */
export function assetFails(summary: AssetSummary): boolean {
  return summary.error !== null || summary.targets.some((t) => t.verdict === 'fail' || t.verdict === 'error')
}

export interface Totals {
  assets: number
  failing: number
  /** Per target: how many assets got each verdict. */
  verdicts: Record<string, Record<SummaryVerdict, number>>
  /** Asset-target pairs where the target does not take the asset's kind: shown apart, not failing. */
  notApplicable: number
  /** Failing rules, most frequent first, with their most frequent fix and how many other wordings it has. */
  rules: { rule: string; count: number; targets: string[]; fix: string; otherFixes: number }[]
}

export function totals(summaries: readonly AssetSummary[]): Totals {
  const verdicts: Totals['verdicts'] = {}
  const rules = new Map<string, { count: number; targets: Set<string>; fixes: Map<string, number> }>()
  for (const s of summaries) {
    const counted = new Set<string>()
    for (const t of s.targets) {
      verdicts[t.target] ??= { pass: 0, warn: 0, fail: 0, 'n/a': 0, error: 0 }
      verdicts[t.target]![t.verdict]++
      for (const f of t.failing) {
        const entry = rules.get(f.rule) ?? { count: 0, targets: new Set<string>(), fixes: new Map<string, number>() }
        // Counted once per asset however many targets it fails.
        if (!counted.has(f.rule)) entry.count++
        entry.fixes.set(f.fix, (entry.fixes.get(f.fix) ?? 0) + 1)
        counted.add(f.rule)
        entry.targets.add(t.target)
        rules.set(f.rule, entry)
      }
    }
  }
  return {
    assets: summaries.length,
    failing: summaries.filter(assetFails).length,
    verdicts,
    notApplicable: summaries.reduce((n, s) => n + s.targets.filter((t) => t.verdict === 'n/a').length, 0),
    rules: [...rules]
      .map(([rule, e]) => {
        const [fix = ''] = [...e.fixes].sort((a, b) => b[1] - a[1]).map(([text]) => text)
        return { rule, count: e.count, targets: [...e.targets].sort(), fix, otherFixes: e.fixes.size - 1 }
      })
      .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
  }
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))]
}
