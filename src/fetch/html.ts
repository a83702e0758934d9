// HTML sniffing: does a 2xx body look like a page (login, bot challenge, error) rather than media? Pure.
import type { HtmlKind } from '../rules/fetch.js'

const OPENERS = ['<!doctype html', '<html', '<head', '<body', '<script', '<title', '<meta', '<!--', '<div', '<?xml']

/** True when the first bytes are markup: whitespace and a BOM skipped, case ignored. */
export function looksLikeHtml(head: Uint8Array): boolean {
  const text = Buffer.from(head.subarray(0, 1024))
    .toString('latin1')
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart()
    .toLowerCase()
  if (text.startsWith('<?xml')) return text.includes('<html')
  return OPENERS.some((o) => text.startsWith(o))
}

const KINDS: readonly [HtmlKind, RegExp][] = [
  [
    'challenge',
    /captcha|just a moment|attention required|checking your browser|cf-chl|challenge-platform|are you a robot|bot protection|ddos-guard/i,
  ],
  ['login', /log ?in|sign ?in|password|authenticate|session expired/i],
  ['error_page', /\b(40\d|50\d)\b|not found|forbidden|access denied|error/i],
]

/** What kind of page it is, from its title and the start of its text; `page` when nothing says. */
export function htmlKind(head: Uint8Array): { kind: HtmlKind; title: string | null } {
  const text = Buffer.from(head.subarray(0, 16_384)).toString('utf8')
  const title = /<title[^>]*>([^<]{0,200})</i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim() || null
  for (const [kind, pattern] of KINDS) if (pattern.test(text)) return { kind, title }
  return { kind: 'page', title }
}
