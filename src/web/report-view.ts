// A report as a result card: an overall line, each target's verdict and findings with a copyable fix, then the facts.
import type { Finding, Report, TargetResult } from '../client/types.js'
import { el } from './dom.js'
import { itemFacts } from './facts-view.js'

const VERDICT_TEXT = { pass: 'Pass', warn: 'Warning', fail: 'Fail' } as const
const SEVERITY_TEXT = { error: 'Error', warning: 'Warning', info: 'Note' } as const
const ACTION_TEXT = {
  fix_input: 'fix the media',
  retry_later: 'retry later',
  reconnect: 'reconnect the account',
} as const

/** What to do, in words: a fetch problem is fixed at the URL or its server, not in the media. */
function actionText(f: Finding): string {
  return f.rule.startsWith('fetch.') && f.action === 'fix_input'
    ? 'check the URL and its server'
    : ACTION_TEXT[f.action!]
}

/** How the page names a target: its site name from /v1/targets, else its contract name. */
export type SiteNames = ReadonlyMap<string, string>

export function verdictBadge(verdict: TargetResult['verdict']): HTMLElement {
  return el('span', { class: `badge ${verdict}` }, VERDICT_TEXT[verdict])
}

/** A fix: its words as text, and only its command (when it has one) in a copy box. */
function fixText(f: Finding, announce: (text: string) => void): HTMLElement {
  if (!f.command) return el('p', { class: 'fix-prose' }, el('span', { class: 'fix-label' }, 'Fix'), ' ', f.fix)
  const prose = f
    .fix!.replace(f.command, '')
    .replace(/[\s:;,]+$/, '')
    .trim()
  return el(
    'div',
    {},
    prose ? el('p', { class: 'fix-prose' }, el('span', { class: 'fix-label' }, 'Fix'), ' ', prose) : null,
    fixBlock(f.command, f.rule, announce),
  )
}

function fixBlock(fix: string, rule: string, announce: (text: string) => void): HTMLElement {
  const code = el('code', {}, fix)
  const button = el('button', { type: 'button', class: 'copy', 'aria-label': `Copy the fix for ${rule}` }, 'Copy')
  button.addEventListener('click', () => {
    copyText(fix, code).then(
      () => {
        button.textContent = 'Copied'
        announce('Fix copied to the clipboard.')
        setTimeout(() => (button.textContent = 'Copy'), 2000)
      },
      () => announce('Copying failed: select the fix and copy it by hand.'),
    )
  })
  return el('div', { class: 'fix' }, el('span', { class: 'fix-label' }, 'Fix'), code, button)
}

// The Clipboard API needs a secure context; elsewhere the text is selected and copied the old way.
async function copyText(text: string, node: Node): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text)
  const range = document.createRange()
  range.selectNodeContents(node)
  getSelection()?.removeAllRanges()
  getSelection()?.addRange(range)
  if (!document.execCommand('copy')) throw new Error('copy refused')
}

function findingItem(
  f: Finding,
  showItem: boolean,
  composed: ReadonlySet<string>,
  announce: (text: string) => void,
  on?: Shared & { message: string },
): HTMLElement {
  const meta = [
    on ? platformErrors(on) : f.platformError ? `platform error ${f.platformError}` : null,
    f.expected !== null ? `expected ${f.expected}` : null,
    f.actual !== null ? `actual ${f.actual}` : null,
    f.action ? `to do: ${actionText(f)}` : null,
    showItem && f.item !== undefined ? `item ${f.item + 1}` : null,
  ].filter(Boolean)
  return el(
    'li',
    { class: `finding severity-${f.severity}`, 'data-rule': f.rule },
    on ? el('p', { class: 'on-targets' }, `On ${joinNames(on.names)}`) : null,
    el(
      'p',
      { class: 'message' },
      el('span', { class: 'severity' }, `${SEVERITY_TEXT[f.severity]}: `),
      on?.message ?? f.message,
    ),
    f.detail ? el('p', { class: 'detail' }, el('code', {}, f.detail)) : null,
    el('p', { class: 'meta' }, el('code', { class: 'rule' }, f.rule), meta.length ? ` · ${meta.join(' · ')}` : ''),
    f.note ? el('p', { class: 'note' }, f.note) : null,
    // A command shared by several findings is shown once, below them.
    f.fix && composed.has(f.fix) ? el('p', { class: 'meta' }, 'Fixed by the one command below.') : null,
    f.fix && !composed.has(f.fix) ? fixText(f, announce) : null,
  )
}

const joinNames = (names: string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`

/** A finding several targets repeat, shown once with their names. */
interface Shared {
  finding: Finding
  targets: string[]
  names: string[]
  /** Each target's platform error: the platforms name the same problem differently. */
  platformErrors: (string | null)[]
}

function platformErrors(g: Shared): string | null {
  const codes = [...new Set(g.platformErrors)]
  if (codes.length === 1) return codes[0] ? `platform error ${codes[0]}` : null
  const on = (code: string | null) => joinNames(g.names.filter((_, i) => g.platformErrors[i] === code))
  return `platform errors: ${codes.map((c) => (c ? `${c} on ${on(c)}` : `none on ${on(c)}`)).join('; ')}`
}

// The same finding on two targets differs only where its wording names the target's site.
function sharedKey(f: Finding, site: string): string {
  const general = (text: string | null | undefined) => (text ? text.split(site).join('\u0000') : null)
  return JSON.stringify([
    f.rule,
    f.severity,
    f.item ?? null,
    general(f.message),
    general(f.fix),
    general(f.note),
    f.expected,
    f.actual,
    f.action ?? null,
  ])
}

/** Findings that appear, same rule and same words, on more than one target, keyed per target and finding. */
function sharedFindings(report: Report, sites: SiteNames): { shared: Shared[]; byFinding: Map<Finding, Shared> } {
  const groups = new Map<string, Shared>()
  const byFinding = new Map<Finding, Shared>()
  for (const r of report.results) {
    const site = sites.get(r.target) ?? r.target
    for (const f of r.findings) {
      const key = sharedKey(f, site)
      const group = groups.get(key) ?? { finding: f, targets: [], names: [], platformErrors: [] }
      groups.set(key, group)
      if (!group.targets.includes(r.target)) {
        group.targets.push(r.target)
        group.names.push(site)
        group.platformErrors.push(f.platformError ?? null)
      }
      byFinding.set(f, group)
    }
  }
  for (const [f, group] of byFinding) if (group.targets.length < 2) byFinding.delete(f)
  return { shared: [...groups.values()].filter((g) => g.targets.length > 1), byFinding }
}

function sharedSection(
  shared: Shared[],
  commands: ReadonlyMap<string, { fix: ComposedFix; names: string[] }>,
  report: Report,
  sites: SiteNames,
  showItem: boolean,
  announce: (text: string) => void,
): HTMLElement | null {
  if (!shared.length && !commands.size) return null
  const composed = new Set(report.results.flatMap((r) => r.fixes.map((x) => x.command)))
  return el(
    'section',
    { class: 'target shared' },
    el('h3', {}, 'Found on several targets'),
    el(
      'ol',
      { class: 'findings' },
      ...shared.map((g) => {
        const site = sites.get(g.targets[0]!) ?? g.targets[0]!
        const message = g.finding.message.split(site).join(joinNames(g.names))
        const item = findingItem(g.finding, showItem, composed, announce, { ...g, message })
        item.dataset.targets = g.targets.join(' ')
        return item
      }),
    ),
    ...[...commands.values()].map(({ fix, names }) => composedFix(fix, showItem, announce, names)),
  )
}

type ComposedFix = TargetResult['fixes'][number]

function composedFix(
  x: ComposedFix,
  showItem: boolean,
  announce: (text: string) => void,
  names?: string[],
): HTMLElement {
  const what = showItem
    ? `One command for all of item ${x.item + 1}'s video fixes`
    : 'One command for all the video fixes'
  return el(
    'div',
    { class: 'all-fixes' },
    el(
      'p',
      {},
      el('strong', {}, names ? `${what} on ${joinNames(names)}` : what),
      x.cutsS ? ` (it cuts the last ${x.cutsS} s):` : ':',
    ),
    fixBlock(x.command, `all of item ${x.item + 1}`, announce),
  )
}

/** Composed commands that several targets share, with their names: printed once. */
function sharedCommands(report: Report, sites: SiteNames): Map<string, { fix: ComposedFix; names: string[] }> {
  const byCommand = new Map<string, { fix: ComposedFix; names: string[] }>()
  for (const r of report.results) {
    for (const x of r.fixes) {
      const entry = byCommand.get(x.command) ?? { fix: x, names: [] }
      entry.names.push(sites.get(r.target) ?? r.target)
      byCommand.set(x.command, entry)
    }
  }
  for (const [command, entry] of byCommand) if (entry.names.length < 2) byCommand.delete(command)
  return byCommand
}

function targetSection(
  result: TargetResult,
  sites: SiteNames,
  showItem: boolean,
  announce: (text: string) => void,
  shared: ReadonlyMap<Finding, Shared>,
  sharedFixes: ReadonlyMap<string, unknown>,
): HTMLElement {
  const name = sites.get(result.target) ?? result.target
  const composed = new Set(result.fixes.map((x) => x.command))
  const own = result.findings.filter((f) => !shared.has(f))
  const elsewhere = result.findings.length - own.length
  return el(
    'section',
    { class: `target ${result.verdict}`, 'data-target': result.target, 'data-verdict': result.verdict },
    el('h3', {}, verdictBadge(result.verdict), ' ', name, ' ', el('span', { class: 'target-id' }, result.target)),
    own.length
      ? el('ol', { class: 'findings' }, ...own.map((f) => findingItem(f, showItem, composed, announce)))
      : null,
    elsewhere
      ? el(
          'p',
          { class: 'meta also' },
          `${elsewhere === 1 ? 'One finding' : `${elsewhere} findings`} shared with other targets: see “Found on several targets” below.`,
        )
      : null,
    result.findings.length ? null : el('p', { class: 'clean' }, 'No findings: the platform should accept it as it is.'),
    ...result.fixes.filter((x) => !sharedFixes.has(x.command)).map((x) => composedFix(x, showItem, announce)),
  )
}

/** One sentence for screen readers and the card's header. */
export function summary(report: Report, sites: SiteNames): string {
  const failing = report.results.filter((r) => r.verdict === 'fail').map((r) => sites.get(r.target) ?? r.target)
  const warned = report.results.filter((r) => r.verdict === 'warn').map((r) => sites.get(r.target) ?? r.target)
  if (failing.length) return `Will be rejected by ${failing.join(', ')}.`
  if (warned.length) return `Accepted with warnings by ${warned.join(', ')}.`
  return 'Passes every target.'
}

export function reportBody(report: Report, sites: SiteNames, announce: (text: string) => void): HTMLElement {
  const showItem = report.items.length > 1
  const { shared, byFinding } = sharedFindings(report, sites)
  const commands = sharedCommands(report, sites)
  return el(
    'div',
    { class: 'report' },
    ...report.results.map((r) => targetSection(r, sites, showItem, announce, byFinding, commands)),
    sharedSection(shared, commands, report, sites, showItem, announce),
    itemFacts(report.items),
  )
}
