// Every target of the contract, by name.
export { instagramCarousel } from './instagram-carousel.js'
export { instagramFeed } from './instagram-feed.js'
export { instagramReels } from './instagram-reels.js'
export { instagramStories } from './instagram-stories.js'
export { mastodon } from './mastodon.js'
export { threads } from './threads.js'
