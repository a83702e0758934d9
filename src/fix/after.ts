// The `after` report: the outputs' own preflight runs (one per distinct set of files) put back in the request's
// target order, with what fixing cannot change kept in view: a URL's fetch findings, and why a target still
// fails. Pure.
import type { Verdict } from '../pipeline/evaluate.js'
import type { Finding, Report, TargetResult } from '../pipeline/report.js'
import type { Remaining } from './plan.js'

/** One preflight run over the files that serve `targets`. */
export interface AfterRun {
  targets: readonly string[]
  report: Report
}

export function afterReport(
  order: readonly string[],
  runs: readonly AfterRun[],
  before: Report,
  fetchedItems: ReadonlySet<number>,
  remaining: readonly Remaining[],
): Report {
  const results = order.map((target) => {
    const run = runs.find((r) => r.targets.includes(target))
    const result = run?.report.results.find((r) => r.target === target)
    if (!result) throw new Error(`no preflight run covered ${target}`)
    const kept = (before.results.find((r) => r.target === target)?.findings ?? []).filter(
      (f) => f.item !== undefined && fetchedItems.has(f.item) && f.rule.startsWith('fetch.'),
    )
    const notes = remaining.filter((r) => r.target === target)
    const findings = [...kept, ...result.findings].map((f) => noted(f, notes))
    return { ...result, findings: sorted(findings), verdict: verdictOf(findings) } satisfies TargetResult
  })
  const first = runs[0]?.report
  return { ok: results.every((r) => r.verdict !== 'fail'), items: first?.items ?? [], results }
}

/** An error that fixing left on purpose says why, in its note. */
function noted(finding: Finding, notes: readonly Remaining[]): Finding {
  if (finding.severity !== 'error') return finding
  const why = notes.find((n) => n.item === finding.item)
  if (!why) return finding
  const note = [finding.note, `Not fixed: ${why.message}`].filter(Boolean).join(' ')
  return { ...finding, note }
}

const RANK = { error: 0, warning: 1, info: 2 } as const

function sorted(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.item ?? -1) - (b.item ?? -1))
}

function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'fail'
  if (findings.some((f) => f.severity === 'warning')) return 'warn'
  return 'pass'
}
