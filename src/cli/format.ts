// The terminal report: a verdict per target, then each finding with its platform error and fix.
import type { Report } from '../pipeline/report.js'
import { seconds } from '../client/units.js'

const COLOURS = { fail: 31, warn: 33, pass: 32, error: 31, warning: 33, info: 36, dim: 2 } as const
type Tone = keyof typeof COLOURS

export function formatReport(report: Report, names: readonly string[], colour: boolean): string {
  const paint = (tone: Tone, text: string) => (colour ? `\x1b[${COLOURS[tone]}m${text}\x1b[0m` : text)
  const lines: string[] = []
  for (const item of report.items) {
    const m = item.media
    const facts = m
      ? [
          m.mime ?? 'unknown type',
          m.width && m.height ? `${m.width}x${m.height}` : null,
          m.durationS ? seconds(m.durationS) : null,
          `${m.sizeBytes} B`,
        ]
      : ['could not be read']
    lines.push(paint('dim', `[${item.index}] ${names[item.index] ?? ''}: ${facts.filter(Boolean).join(', ')}`))
  }
  for (const result of report.results) {
    lines.push('', `${paint(result.verdict, result.verdict.toUpperCase().padEnd(4))}  ${result.target}`)
    const instance = result.instance
    if (instance) {
      const read =
        instance.limits === 'instance'
          ? `${instance.fromInstance.length} limit${instance.fromInstance.length === 1 ? '' : 's'} from ${instance.url}`
          : `defaults (${instance.url} could not be read)`
      const rules = instance.release
        ? `${instance.release}'s rules`
        : instance.version === null
          ? "latest release's rules"
          : `version "${instance.version}" not understood: latest release's rules`
      lines.push(paint('dim', `      limits: ${read}; ${rules}`))
    }
    // A composed video fix is printed once per item at the end, with the targets it serves.
    const composed = new Set(result.fixes.map((x) => x.command))
    for (const f of result.findings) {
      const where = f.item === undefined ? '' : `[${f.item}] `
      const code = f.platformError ? ` (${f.platformError})` : ''
      lines.push(`  ${paint(f.severity, f.severity.padEnd(7))} ${where}${f.rule}${code}: ${f.message}`)
      if (f.detail) lines.push(paint('dim', `          detail: ${f.detail}`))
      if (f.fix && composed.has(f.fix)) lines.push(paint('dim', `          fixed by fix [${f.item ?? 0}] below`))
      else if (f.fix) lines.push(`          fix: ${f.fix}`)
      if (f.note) lines.push(paint('dim', `          note: ${f.note}`))
    }
  }
  const fixes = composedFixes(report)
  if (fixes.length) lines.push('', 'One command per item cures every video and audio finding it lists:')
  for (const { item, command, targets, cutsS } of fixes) {
    lines.push(`  fix [${item}]: ${command}`)
    lines.push(paint('dim', `          for ${targets.join(', ')}${cutsS ? `; cuts the last ${cutsS} s` : ''}`))
  }
  lines.push('', report.ok ? paint('pass', 'ok: no target fails') : paint('fail', 'not ok: at least one target fails'))
  return lines.join('\n')
}

/** Each distinct composed command once, with the targets it serves (several targets often share one). */
function composedFixes(report: Report): { item: number; command: string; targets: string[]; cutsS?: number }[] {
  const byCommand = new Map<string, { item: number; command: string; targets: string[]; cutsS?: number }>()
  for (const result of report.results) {
    for (const fix of result.fixes) {
      const seen = byCommand.get(fix.command)
      if (seen) seen.targets.push(result.target)
      else byCommand.set(fix.command, { ...fix, targets: [result.target] })
    }
  }
  return [...byCommand.values()].sort((a, b) => a.item - b.item)
}
