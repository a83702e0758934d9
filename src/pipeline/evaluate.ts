// Evaluate: one target's rules against every item's facts, plus the stage findings that apply to it. Pure.
import type { MediaFacts, PostFacts } from '../facts.js'
import type { Labels } from '../limits.js'
import type {
  Check,
  ItemRuleId,
  LabelledFinding,
  Limit,
  PostFinding,
  PostRuleId,
  RawFinding,
  RuleId,
  TargetDef,
} from '../rule-types.js'
import { itemChecks, postChecks } from '../../validators/registry.js'
import type { InstanceReport } from './instance-limits.js'

export interface InspectedItem {
  media: MediaFacts | null
  /** Found by the stages (fetching), before any check ran. */
  findings: readonly RawFinding[]
}

export type Verdict = 'pass' | 'warn' | 'fail'

export interface TargetEvaluation {
  target: TargetDef
  verdict: Verdict
  findings: LabelledFinding[]
  /** Mastodon with `mastodonInstance`: which limits came from the instance. */
  instance?: InstanceReport
}

type AnyLimit = Limit<RuleId>
type AnyItemCheck = (facts: Parameters<Check<ItemRuleId>>[0], limit: AnyLimit) => RawFinding[]
type AnyPostCheck = (facts: Parameters<Check<PostRuleId>>[0], limit: AnyLimit) => PostFinding[]

/** `postFindings`: stage findings about the whole post (no item), such as an unreadable instance. */
export function evaluate(
  target: TargetDef,
  items: readonly InspectedItem[],
  post: PostFacts,
  postFindings: readonly RawFinding[] = [],
): TargetEvaluation {
  const media = items.map((item) => item.media)
  const found: LabelledFinding[] = []
  const rules = target.rules as Partial<Record<RuleId, AnyLimit>>
  for (const [rule, limit] of Object.entries(rules) as [RuleId, AnyLimit][]) {
    const itemCheck = (itemChecks as Partial<Record<RuleId, AnyItemCheck>>)[rule]
    const postCheck = (postChecks as Partial<Record<RuleId, AnyPostCheck>>)[rule]
    if (itemCheck) {
      media.forEach((m, index) => {
        for (const raw of itemCheck({ index, media: m, items: media, post }, limit))
          found.push(label(raw, limit, index))
      })
    } else if (postCheck) {
      for (const { item, ...raw } of postCheck({ items: media, post }, limit))
        found.push(label(raw as RawFinding, limit, item))
    }
  }
  for (const raw of postFindings) {
    const limit = rules[raw.rule]
    if (limit) found.push(label(raw, limit))
  }
  items.forEach((item, index) => {
    for (const raw of item.findings) {
      const limit = rules[raw.rule]
      if (limit && applies(raw, limit)) found.push(label(raw, limit, index)) // a rule the target has no entry for does not apply
    }
  })
  found.sort(bySeverityThenItem)
  return { target, verdict: verdictOf(found), findings: found }
}

/** A tier set to null in the target's data is an outcome that does not concern that target. */
function applies(raw: RawFinding, limit: AnyLimit): boolean {
  return !raw.tier || (limit.tiers as Record<string, unknown> | undefined)?.[raw.tier] !== null
}

function label(raw: RawFinding, limit: AnyLimit, item?: number): LabelledFinding {
  const base: Labels = { severity: limit.severity, platformError: limit.platformError, action: limit.action }
  const tier = raw.tier
    ? ((limit.tiers as Record<string, Partial<Labels> | null> | undefined)?.[raw.tier] ?? undefined)
    : undefined
  return { ...raw, ...base, ...tier, limit, ...(item === undefined ? {} : { item }) } as LabelledFinding
}

const RANK = { error: 0, warning: 1, info: 2 } as const

function bySeverityThenItem(a: LabelledFinding, b: LabelledFinding): number {
  return RANK[a.severity] - RANK[b.severity] || (a.item ?? -1) - (b.item ?? -1)
}

function verdictOf(findings: readonly { severity: Labels['severity'] }[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'fail'
  if (findings.some((f) => f.severity === 'warning')) return 'warn'
  return 'pass'
}
