// How people name each network: the web page, reports and target lists group targets under these.
import type { Network } from '../src/rule-types.js'

export const networkNames: { readonly [N in Network]: string } = {
  instagram: 'Instagram',
  facebook: 'Facebook',
  threads: 'Threads',
  mastodon: 'Mastodon',
  tiktok: 'TikTok',
  x: 'X',
  bluesky: 'Bluesky',
  youtube: 'YouTube',
  pinterest: 'Pinterest',
}
