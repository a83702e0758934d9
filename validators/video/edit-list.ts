// video.edit_list: edit lists that shift or cut playback; a lone priming entry is only a warning (§9 S2).
import type { EditListFacts } from '../../src/facts.js'
import type { Check, RawFinding } from '../../src/rule-types.js'

export const editList: Check<'video.edit_list'> = ({ media }, { value }) => {
  if (media?.kind !== 'video' || !media.editLists) return []
  let single: RawFinding<'video.edit_list'> | null = null
  for (const list of media.editLists) {
    const args = argsOf(list)
    const trivial =
      list.entries <= 1 && list.emptyEdits === 0 && (args.startS === null || args.startS <= value.primingMaxS)
    if (!trivial) return [{ rule: 'video.edit_list', args }]
    // An identity entry (media time 0) shifts nothing: only a priming or B-frame offset is worth a warning.
    if (list.entries === 1 && (args.startS ?? 0) > 0) single ??= { rule: 'video.edit_list', args, tier: 'single' }
  }
  return single ? [single] : []
}

function argsOf(list: EditListFacts) {
  const startS = list.firstMediaTime !== null && list.timescale ? list.firstMediaTime / list.timescale : null
  return { track: list.track, handler: list.handler, entries: list.entries, emptyEdits: list.emptyEdits, startS }
}
