// A Mastodon target with an instance's published limits and its release's rules in place of the defaults.
// Pure: the lookup is done.
import type { Source } from '../limits.js'
import type { Limit, RawFinding, RuleId, TargetDef } from '../rule-types.js'
import type { InstanceFailure } from '../rules/index.js'
import {
  BROKEN_RELEASES,
  INSTANCE_FIELDS,
  VERSIONED_LIMITS,
  type InstanceField,
  type Release,
} from '../../platforms/mastodon-instance.js'

/**
 * What an instance said about itself, reduced to what preflight reads: its version and the limits of
 * `configuration` it publishes (INSTANCE_FIELDS), validated. Nothing else of the answer is kept.
 */
export interface InstanceInfo {
  /** The instance's origin, `https://mastodon.example`. */
  origin: string
  /** The document the limits were read from. */
  apiUrl: string
  version: string | null
  /** Whether the answer had a `configuration` object at all (3.4.2+). */
  configuration: boolean
  limits: InstanceLimitValue[]
  /** When it was read (ISO 8601): the date the limits were "seen". */
  readAt: string
}

export type InstanceLookup =
  { ok: true; info: InstanceInfo } | { ok: false; origin: string; reason: InstanceFailure; detail: string }

/** What the report says about an instance: which limits came from it (none when defaults were used). */
export interface InstanceReport {
  url: string
  version: string | null
  /**
   * The release read from `version` (`4.3.0` from `4.3.0+glitch`) whose version-dependent rules apply;
   * null when there is no readable version: the latest release's rules apply.
   */
  release: string | null
  /** `instance` when at least one `configuration` limit came from it; `defaults` when none could be read. */
  limits: 'instance' | 'defaults'
  fromInstance: { field: string; rule: RuleId; value: unknown }[]
}

export interface ResolvedTarget {
  target: TargetDef
  instance: InstanceReport
  /** Post-level stage findings: `post.instance_limits` when the defaults were used. */
  findings: RawFinding[]
}

/** One `configuration` field an instance published, validated (INSTANCE_FIELDS). */
export interface InstanceLimitValue {
  field: string
  value: number | string[]
}

type AnyLimit = Limit<RuleId> & { value: Record<string, unknown> }

export function withInstanceLimits(defaults: TargetDef, lookup: InstanceLookup): ResolvedTarget {
  if (!lookup.ok) {
    const { origin, reason, detail } = lookup
    return {
      target: defaults,
      instance: { url: origin, version: null, release: null, limits: 'defaults', fromInstance: [] },
      findings: [{ rule: 'post.instance_limits', args: { instance: origin, reason, detail } }],
    }
  }
  const { info } = lookup
  const instanceSource: Source = { key: 'instance', url: info.apiUrl, seen: info.readAt.slice(0, 10) }
  const rules: Record<string, AnyLimit> = { ...(defaults.rules as Record<string, AnyLimit>) }
  const fromInstance: InstanceReport['fromInstance'] = []
  const set = (
    rule: RuleId,
    patch: Record<string, unknown>,
    field: string,
    shown: unknown,
    sources: readonly Source[] = [],
  ) => {
    const limit = rules[rule]
    if (!limit || limit.value === null || 'sent' in limit.value) return
    const source = [instanceSource, ...sources.filter((s) => !limit.source.includes(s)), ...limit.source]
    rules[rule] = { ...limit, value: { ...limit.value, ...patch }, source }
    fromInstance.push({ field, rule, value: shown })
  }

  // The release's own rules first: a limit the instance publishes in `configuration` wins over them.
  const release = parseRelease(info.version)
  if (release) {
    for (const row of VERSIONED_LIMITS)
      if (compare(release, row.since) < 0) set(row.rule, row.before, 'version', info.version, [row.source])
    for (const broken of BROKEN_RELEASES.filter((b) => b.release === release.join('.'))) {
      const format = rules['image.format']?.value as { warn: readonly string[]; reject?: readonly string[] } | undefined
      if (!format) continue
      const patch = {
        warn: format.warn.filter((f) => !broken.formats.includes(f)),
        reject: [...(format.reject ?? []), ...broken.formats],
      }
      set('image.format', patch, 'version', info.version)
    }
  }
  const fromVersion = fromInstance.length
  for (const { field, value } of info.limits) {
    const row = INSTANCE_FIELDS.find((r) => r.field === field)
    if (row) set(row.rule, { [row.key]: value }, field, value)
  }
  const instance: InstanceReport = {
    url: info.origin,
    version: info.version,
    release: release ? release.join('.') : null,
    limits: fromInstance.length > fromVersion ? 'instance' : 'defaults',
    fromInstance,
  }
  const target = { ...defaults, rules: rules as TargetDef['rules'] }
  if (instance.limits === 'instance') return { target, instance, findings: [] }
  const detail = info.configuration ? 'its configuration has no usable limit' : 'the answer has no configuration'
  return {
    target,
    instance,
    findings: [{ rule: 'post.instance_limits', args: { instance: info.origin, reason: 'no_configuration', detail } }],
  }
}

/**
 * `4.3.0+glitch` → [4, 3, 0], `4.5.0-beta.1` → [4, 5, 0] (a pre-release carries its release's changes),
 * `4.2` → [4, 2, 0]; anything without a leading `major.minor` (garbage, empty) → null: unknown.
 */
export function parseRelease(version: string | null): Release | null {
  const match = version?.match(/^\s*v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?(?!\d)/)
  if (!match) return null
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)]
}

function compare(a: Release, b: Release): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}

/** The fields of INSTANCE_FIELDS that `configuration` holds with a usable value; everything else is dropped. */
export function extractLimits(configuration: unknown): InstanceLimitValue[] {
  const limits: InstanceLimitValue[] = []
  for (const row of INSTANCE_FIELDS) {
    const value = valid(row, pathIn(configuration, row.field))
    if (value !== undefined) limits.push({ field: row.field, value })
  }
  return limits
}

function pathIn(root: unknown, path: string): unknown {
  let node = root
  for (const part of path.split('.')) {
    node =
      typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, part)
        ? (node as Record<string, unknown>)[part]
        : undefined
  }
  return node
}

// Bounds on what an instance may claim, so a hostile answer cannot blow up a limit, a message or the
// cache: upstream lists 28 types; RFC 6838 names are at most 127 characters a side.
const MAX_MIMES = 100
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/

function valid(row: InstanceField, value: unknown): number | string[] | undefined {
  if (row.kind === 'count') return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : undefined
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_MIMES) return undefined
  const mimes = value.filter((m): m is string => typeof m === 'string' && m.length <= 255).map((m) => m.toLowerCase())
  return mimes.length === value.length && mimes.every((m) => MIME.test(m)) ? mimes : undefined
}
