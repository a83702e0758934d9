// Report: labelled findings + wording → the contract's report. Pure; the one place findings are worded.
import type { MediaFacts } from '../facts.js'
import type { Action, Severity, Source } from '../limits.js'
import { messages, type Rendered } from '../messages/index.js'
import type { LabelledFinding, RuleId } from '../rule-types.js'
import type { TargetEvaluation, Verdict } from './evaluate.js'
import type { SourceFacts } from './source.js'

export interface Finding extends Rendered {
  item?: number
  rule: RuleId
  severity: Severity
  platformError: string | null
  action: Action | null
  /** The documents the limit was read from. */
  source: readonly Source[]
  /** What is uncertain about the limit, when something is. */
  note?: string
}

export interface TargetResult {
  target: string
  verdict: Verdict
  findings: Finding[]
}

export interface ItemReport {
  index: number
  source: SourceFacts | null
  media: MediaFacts | null
}

export interface Report {
  ok: boolean
  items: ItemReport[]
  results: TargetResult[]
}

export function report(items: readonly Omit<ItemReport, 'index'>[], evaluations: readonly TargetEvaluation[]): Report {
  const results = evaluations.map(({ target, verdict, findings }) => ({
    target: target.name,
    verdict,
    findings: findings.map((f) => render(f, target.site)),
  }))
  return {
    ok: results.every((r) => r.verdict !== 'fail'),
    items: items.map((item, index) => ({ index, source: item.source, media: item.media })),
    results,
  }
}

function render(finding: LabelledFinding, site: string): Finding {
  const wording = messages[finding.rule] as (args: unknown, limit: unknown, site: string) => Rendered
  const { limit } = finding
  return {
    ...(finding.item === undefined ? {} : { item: finding.item }),
    rule: finding.rule,
    severity: finding.severity,
    ...wording(finding.args, limit, site),
    platformError: finding.platformError,
    action: finding.action,
    source: limit.source,
    ...(limit.note ? { note: limit.note } : {}),
  }
}
