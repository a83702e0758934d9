// The shape of platform data: a limit per rule id, labelled with what the platform answers.

export type Severity = 'error' | 'warning' | 'info'
export type Action = 'fix_input' | 'retry_later' | 'reconnect'

/** A document a number was read from (PLATFORM-RULES.md §0.3); `PF` marks preflight's own heuristics. */
export interface Source {
  key: string
  url: string
  seen: string
}

/** How a finding is labelled: what the platform answers and what the caller should do. */
export interface Labels {
  severity: Severity
  /** Instagram subcode, Threads error name or Mastodon HTTP status; null: see PLATFORM-RULES.md §0.2. */
  platformError: string | null
  /** Null only on `info` findings, which ask nothing of the caller. */
  action: Action | null
}

/** A ratio w:h, compared as exact integer inequalities (PLATFORM-RULES.md §0.1). */
export interface Ratio {
  w: number
  h: number
}

/** One rule's limit on one target. `V` is the rule's value type, `T` the names of its tiers. */
export interface LimitOf<V, T extends string> extends Labels {
  value: V
  unit?: string
  /** Labels for the rule's other outcomes (a warning band, an info note), by tier name; null: that outcome does not apply here. */
  tiers?: { readonly [K in T]?: Partial<Labels> | null }
  source: readonly Source[]
  /** What is uncertain about this limit, said in every finding it produces. */
  note?: string
  /** The platform's own fix (PLATFORM-RULES-MORE.md §0.4), in place of the message's generic one. */
  fix?: string
}
