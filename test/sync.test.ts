// What types cannot see: every rule id is used by a target, documented once, and served unchanged.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as sources from '../platforms/sources.js'
import { networkNames } from '../platforms/networks.js'
import { targets } from '../platforms/targets.js'
import { messages } from '../src/messages/index.js'
import { itemChecks, postChecks } from '../validators/registry.js'
import { testApp } from './helpers/app.js'

const ruleIds = Object.keys(messages).sort()
const used = new Set(Object.values(targets).flatMap((t) => Object.keys(t.rules)))
const rulesPage = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8')
const documented = [...rulesPage.matchAll(/^## (\S+)$/gm)].map((m) => m[1]).sort()

describe('rule catalogue', () => {
  it('uses every rule id in some target', () => expect(ruleIds.filter((id) => !used.has(id))).toEqual([]))
  it('documents every rule id once', () => expect(documented).toEqual(ruleIds))
  it('has a check for every rule that is not found by a stage', () => {
    const checked = [...Object.keys(itemChecks), ...Object.keys(postChecks)]
    // Found by stages: fetching the media, and reading the Mastodon instance's limits.
    const staged = (id: string) => id.startsWith('fetch.') || id === 'post.instance_limits'
    expect(ruleIds.filter((id) => !checked.includes(id) && !staged(id)).sort()).toEqual([])
  })
  it('names a source for every limit', () => {
    for (const target of Object.values(targets)) {
      for (const [rule, limit] of Object.entries(target.rules)) {
        expect(limit.source.length, `${target.name} ${rule}`).toBeGreaterThan(0)
      }
    }
  })
  it.each(Object.values(targets).map((t) => [t.name, t] as const))(
    '%s: every rule id is documented, every source key resolves',
    (_name, target) => {
      expect(Object.keys(target.rules).filter((id) => !documented.includes(id))).toEqual([])
      const known = new Map(Object.values(sources).map((s) => [s.key, s]))
      for (const [rule, limit] of Object.entries(target.rules)) {
        for (const source of limit.source) expect(known.get(source.key), `${rule} ${source.key}`).toBe(source)
      }
      expect(networkNames[target.platform]).toBeTruthy()
    },
  )
  it('names each source key once', () => {
    const keys = Object.values(sources).map((s) => s.key)
    expect(keys.length).toBe(new Set(keys).size)
  })
  it('serves the data at /v1/targets', async () => {
    const res = await testApp().request('/v1/targets')
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(targets)))
  })
})
