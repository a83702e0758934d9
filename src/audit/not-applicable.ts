// "Targets that do not take the media" (CONTRACT.md): in audits and batch summaries, a target that does not
// take an asset's kind at all (an image against Reels) is n/a for that asset, not a failure.
import type { Report, TargetResult } from '../pipeline/report.js'

/** The target refuses the media's kind outright: its media.kind error says so. */
export function isNotApplicable(result: Pick<TargetResult, 'findings'>): boolean {
  return result.findings.some((f) => f.rule === 'media.kind' && f.severity === 'error')
}

/** How a batch or audit counts one report: n/a targets are neither passing nor failing. */
export function reportOutcome(report: Report, strictKind = false): { fails: boolean; notApplicable: number } {
  const counted = report.results.filter((r) => strictKind || !isNotApplicable(r))
  return { fails: counted.some((r) => r.verdict === 'fail'), notApplicable: report.results.length - counted.length }
}
