// A Mastodon target with an instance's published limits in place of the defaults. Pure: the lookup is done.
import type { Source } from '../limits.js'
import type { Limit, RawFinding, RuleId, TargetDef } from '../rule-types.js'
import type { InstanceLookup } from '../services/mastodon-instances.js'
import { BROKEN_RELEASES, INSTANCE_FIELDS, type InstanceField } from '../../platforms/mastodon-instance.js'

/** What the report says about an instance: which limits came from it (none when defaults were used). */
export interface InstanceReport {
  url: string
  version: string | null
  /** `instance` when at least one limit came from it; `defaults` when it could not be read. */
  limits: 'instance' | 'defaults'
  fromInstance: { field: string; rule: RuleId; value: unknown }[]
}

export interface ResolvedTarget {
  target: TargetDef
  instance: InstanceReport
  /** Post-level stage findings: `post.instance_limits` when the defaults were used. */
  findings: RawFinding[]
}

type AnyLimit = Limit<RuleId> & { value: Record<string, unknown> }

export function withInstanceLimits(defaults: TargetDef, lookup: InstanceLookup): ResolvedTarget {
  const origin = lookup.ok ? lookup.info.origin : lookup.origin
  const fallback = (reason: Extract<RawFinding, { rule: 'post.instance_limits' }>['args']['reason'], detail: string): ResolvedTarget => ({
    target: defaults,
    instance: { url: origin, version: lookup.ok ? lookup.info.version : null, limits: 'defaults', fromInstance: [] },
    findings: [{ rule: 'post.instance_limits', args: { instance: origin, reason, detail } }],
  })
  if (!lookup.ok) return fallback(lookup.reason, lookup.detail)
  const { info } = lookup
  const source: Source = { key: 'instance', url: info.apiUrl, seen: info.readAt.slice(0, 10) }
  const rules: Record<string, AnyLimit> = { ...(defaults.rules as Record<string, AnyLimit>) }
  const fromInstance: InstanceReport['fromInstance'] = []
  const set = (rule: RuleId, patch: Record<string, unknown>, field: string, shown: unknown) => {
    const limit = rules[rule]
    if (!limit || limit.value === null || 'sent' in limit.value) return
    rules[rule] = { ...limit, value: { ...limit.value, ...patch }, source: [source, ...limit.source] }
    fromInstance.push({ field, rule, value: shown })
  }
  for (const row of INSTANCE_FIELDS) {
    const value = valid(row, pathIn(info.configuration, row.field))
    if (value !== undefined) set(row.rule, { [row.key]: value }, row.field, value)
  }
  if (fromInstance.length === 0) return fallback('no_configuration', 'the answer has no usable configuration')
  const release = info.version?.match(/^\d+\.\d+\.\d+/)?.[0]
  for (const broken of BROKEN_RELEASES.filter((b) => b.release === release)) {
    const format = rules['image.format']?.value as { warn: readonly string[]; reject?: readonly string[] } | undefined
    if (!format) continue
    const patch = { warn: format.warn.filter((f) => !broken.formats.includes(f)), reject: [...(format.reject ?? []), ...broken.formats] }
    set('image.format', patch, 'version', info.version)
  }
  return {
    target: { ...defaults, rules: rules as TargetDef['rules'] },
    instance: { url: origin, version: info.version, limits: 'instance', fromInstance },
    findings: [],
  }
}

function pathIn(root: unknown, path: string): unknown {
  let node = root
  for (const part of path.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined
  return node
}

// Bounds on what an instance may claim, so a hostile answer cannot blow up a limit or a message.
const MAX_MIMES = 500

function valid(row: InstanceField, value: unknown): number | string[] | undefined {
  if (row.kind === 'count') return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : undefined
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_MIMES) return undefined
  const mimes = value.filter((m): m is string => typeof m === 'string' && m.length <= 255).map((m) => m.toLowerCase())
  return mimes.length === value.length ? mimes : undefined
}
