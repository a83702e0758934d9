// Report: labelled findings + wording → the contract's report. Pure; the one place findings are worded.
import type { MediaFacts } from '../facts.js'
import type { Action, Severity, Source } from '../limits.js'
import type { CacheOutcome } from '../services/probe-cache.js'
import { fileNames, namedCommand, namedFix, type FileNames } from '../messages/commands.js'
import { messages, type Rendered } from '../messages/index.js'
import type { LabelledFinding, RuleId } from '../rule-types.js'
import type { TargetEvaluation, Verdict } from './evaluate.js'
import type { InstanceReport } from './instance-limits.js'
import type { SourceFacts } from '../fetch/source.js'
import { curedByCommand, videoFixCommand, videoFixCutS } from '../messages/video-fix.js'

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
  /** The runnable part of `fix`, naming the item's file (for copy buttons); absent when the fix is prose. */
  command?: string
}

/** One command that cures every failing video and audio finding of one item on one target. */
export interface ItemFix {
  item: number
  command: string
  /** Seconds the command cuts off the end of the video (it trims it to the target's limit); absent when it cuts nothing. */
  cutsS?: number
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

/**
 * `names`: what each item's fix commands call its file (the CLI argument, the upload's or the URL's file
 * name); `media` when not given.
 */
export function report(
  items: readonly Omit<ItemReport, 'index'>[],
  evaluations: readonly TargetEvaluation[],
  names: readonly FileNames[] = [],
): Report {
  const namesOf = (item: number | undefined) => names[item ?? 0] ?? fileNames(null)
  const results = evaluations.map(({ target, verdict, findings, instance }) => {
    const fixes = items.flatMap((item, index) => {
      const own = findings.filter((f) => f.item === index)
      const command = videoFixCommand(item.media, own, target.rules)
      if (!command) return []
      const cutsS = videoFixCutS(item.media, own, target.rules)
      return [{ item: index, command: namedCommand(command, namesOf(index)), ...(cutsS === null ? {} : { cutsS }) }]
    })
    const commandFor = (f: LabelledFinding) =>
      curedByCommand(f) ? fixes.find((x) => x.item === f.item)?.command : undefined
    return {
      target: target.name,
      verdict,
      findings: findings.map((f) => render(f, target.site, commandFor(f), namesOf(f.item))),
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

function render(finding: LabelledFinding, site: string, composed: string | undefined, names: FileNames): Finding {
  const wording = messages[finding.rule] as (args: unknown, limit: unknown, site: string) => Rendered
  const { limit } = finding
  const { note: checked, ...worded } = wording(finding.args, limit, site)
  const rendered = limit.fix && worded.fix ? { ...worded, fix: limit.fix } : worded
  const note = [limit.note, checked].filter(Boolean).join(' ')
  return {
    ...(finding.item === undefined ? {} : { item: finding.item }),
    rule: finding.rule,
    severity: finding.severity,
    ...rendered,
    ...(composed ? { fix: composed, command: composed } : namedFix(rendered.fix, names)),
    platformError: finding.platformError,
    action: finding.action,
    source: limit.source,
    ...(note ? { note } : {}),
  }
}
