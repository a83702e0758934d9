// Report: labelled findings + wording → the contract's report. Pure; the one place findings are worded.
import type { MediaFacts } from '../facts.js'
import type { Action, Severity, Source } from '../limits.js'
import type { CacheOutcome } from '../services/probe-cache.js'
import { messages, type Rendered } from '../messages/index.js'
import type { LabelledFinding, RuleId } from '../rule-types.js'
import type { TargetEvaluation, Verdict } from './evaluate.js'
import type { InstanceReport } from './instance-limits.js'
import type { SourceFacts } from './source.js'
import { curedByCommand, videoFixCommand } from './video-fix.js'

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

/** One command that cures every failing video and audio finding of one item on one target. */
export interface ItemFix {
  item: number
  command: string
}

export interface TargetResult {
  target: string
  verdict: Verdict
  findings: Finding[]
  /** The composed video fix per item; each finding it cures carries the same command as its `fix`. */
  fixes: ItemFix[]
  /** Mastodon with `mastodonInstance`: the instance read, and which limits came from it. */
  instance?: InstanceReport
}

export interface ItemReport {
  index: number
  source: SourceFacts | null
  media: MediaFacts | null
  /** Whether the probed facts came from the probe cache: `bypass` when it was off or not asked. */
  cache: CacheOutcome
}

export interface Report {
  ok: boolean
  items: ItemReport[]
  results: TargetResult[]
}

export function report(items: readonly Omit<ItemReport, 'index'>[], evaluations: readonly TargetEvaluation[]): Report {
  const results = evaluations.map(({ target, verdict, findings, instance }) => {
    const fixes = items.flatMap((item, index) => {
      const command = videoFixCommand(item.media, findings.filter((f) => f.item === index), target.rules)
      return command ? [{ item: index, command }] : []
    })
    const commandFor = (f: LabelledFinding) => (curedByCommand(f) ? fixes.find((x) => x.item === f.item)?.command : undefined)
    return {
      target: target.name,
      verdict,
      findings: findings.map((f) => render(f, target.site, commandFor(f))),
      fixes,
      ...(instance ? { instance } : {}),
    }
  })
  return {
    ok: results.every((r) => r.verdict !== 'fail'),
    items: items.map((item, index) => ({ index, source: item.source, media: item.media, cache: item.cache })),
    results,
  }
}

function render(finding: LabelledFinding, site: string, command: string | undefined): Finding {
  const wording = messages[finding.rule] as (args: unknown, limit: unknown, site: string) => Rendered
  const { limit } = finding
  const { note: checked, ...rendered } = wording(finding.args, limit, site)
  const note = [limit.note, checked].filter(Boolean).join(' ')
  return {
    ...(finding.item === undefined ? {} : { item: finding.item }),
    rule: finding.rule,
    severity: finding.severity,
    ...rendered,
    ...(command ? { fix: command } : {}),
    platformError: finding.platformError,
    action: finding.action,
    source: limit.source,
    ...(note ? { note } : {}),
  }
}
