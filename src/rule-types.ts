// Types derived from the rule catalogue: limits, findings and checks, one per rule id.
import type { ItemFacts, PostScopeFacts } from './facts.js'
import type { Labels, LimitOf } from './limits.js'
import type { Rules } from './rules/index.js'

export type Network =
  'instagram' | 'facebook' | 'threads' | 'mastodon' | 'tiktok' | 'x' | 'bluesky' | 'youtube' | 'pinterest'

export type { Rules }
export type RuleId = keyof Rules
export type CheckedRuleId = { [R in RuleId]: Rules[R]['scope'] extends 'stage' ? never : R }[RuleId]
export type Limit<R extends RuleId> = LimitOf<Rules[R]['limit'], Rules[R]['tier']>

/** A target's rules: the limits it applies, by rule id. A rule without an entry does not apply. */
export type TargetRules = { readonly [R in RuleId]?: Limit<R> }

/** What a check or stage returns: the rule, its arguments, and which tier's labels apply. */
export type RawFinding<R extends RuleId = RuleId> = R extends RuleId
  ? { rule: R; args: Rules[R]['args']; tier?: Rules[R]['tier'] }
  : never

/** A raw finding placed on an item (absent for post findings) and labelled for one target. */
export type LabelledFinding<R extends RuleId = RuleId> = R extends RuleId
  ? RawFinding<R> & Labels & { item?: number; limit: Limit<R> }
  : never

export type ItemRuleId = { [R in RuleId]: Rules[R]['scope'] extends 'item' ? R : never }[RuleId]
export type PostRuleId = { [R in RuleId]: Rules[R]['scope'] extends 'post' ? R : never }[RuleId]

/** A post check's finding: post-wide, or about one item of the post (a video's cover frame). */
export type PostFinding<R extends RuleId = RuleId> = RawFinding<R> & { item?: number }

/** A check: facts and one limit in, findings out (`[]` when all is well). Pure: no I/O, clock or throw. */
export type Check<R extends CheckedRuleId> = Rules[R]['scope'] extends 'post'
  ? (facts: PostScopeFacts, limit: Limit<R>) => PostFinding<R>[]
  : (facts: ItemFacts, limit: Limit<R>) => RawFinding<R>[]

/** A platform surface: its contract name, how messages name it, and its rules as data. */
export interface TargetDef {
  name: string
  /** How messages name the surface: "Instagram feed", "Threads", ... */
  site: string
  /** The network: the web page groups targets by it (names in `platforms/networks.ts`). */
  platform: Network
  rules: TargetRules
}
