// robots.txt per RFC 9309: the group for facebookexternalhit (else `*`), longest match, Allow wins ties. Pure.

export const CRAWLER_TOKEN = 'facebookexternalhit'

export interface Rule {
  allow: boolean
  pattern: string
}

/** The rules that apply to `token`: its own groups merged, else the `*` groups, else none (allow all). */
export function rulesFor(text: string, token: string = CRAWLER_TOKEN): Rule[] {
  const groups: { agents: string[]; rules: Rule[] }[] = []
  let current: { agents: string[]; rules: Rule[] } | null = null
  let lastWasAgent = false
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim()
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line)
    if (!m) continue
    const key = m[1]!.toLowerCase()
    const value = m[2]!.trim()
    if (key === 'user-agent') {
      if (!lastWasAgent || !current) groups.push((current = { agents: [], rules: [] }))
      current.agents.push(value.toLowerCase())
      lastWasAgent = true
    } else if ((key === 'allow' || key === 'disallow') && current) {
      if (value !== '') current.rules.push({ allow: key === 'allow', pattern: value })
      lastWasAgent = false
    } else {
      lastWasAgent = false
    }
  }
  const own = groups.filter((g) => g.agents.some((a) => a === token.toLowerCase()))
  const chosen = own.length > 0 ? own : groups.filter((g) => g.agents.includes('*'))
  return chosen.flatMap((g) => g.rules)
}

/** Whether `path` (path and query) may be fetched: the longest matching pattern decides, Allow on a tie. */
export function isAllowed(rules: readonly Rule[], path: string): { allowed: boolean; rule: string | null } {
  let best: Rule | null = null
  for (const rule of rules) {
    if (!matches(rule.pattern, path)) continue
    if (!best || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) best = rule
  }
  return { allowed: best?.allow ?? true, rule: best ? `${best.allow ? 'Allow' : 'Disallow'}: ${best.pattern}` : null }
}

/** `*` matches any run of characters, a trailing `$` anchors the end; otherwise a prefix match. */
function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$')
  const body = anchored ? pattern.slice(0, -1) : pattern
  const source = body
    .split('*')
    .map((part) => normalize(part).replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${source}${anchored ? '$' : ''}`).test(normalize(path))
}

/** Percent-encodings compared case-insensitively, unreserved characters decoded (RFC 9309 §2.2.2). */
function normalize(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (all, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16))
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : all.toUpperCase()
  })
}
