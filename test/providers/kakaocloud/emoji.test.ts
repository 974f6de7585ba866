// The "no emoji" description rule (reference §4; issue 22 item 3) against Unicode's own emoji list, as shipped by the
// unicode-emoji-json package (generated from unicode.org's emoji-test.txt): every emoji, its skin-tone forms, its
// unqualified form (no U+FE0F) and the components are refused; ordinary text of every script is not.
import { createRequire } from 'node:module'
import { beforeEach, describe, expect, it } from 'vitest'
import { containsEmoji } from '../../../src/providers/kakaocloud/emoji.js'
import { createHarness, type Harness } from '../../helpers/harness.js'
import { instanceSetBody, READY_TOKEN } from '../../helpers/kakaocloud.js'

const require = createRequire(import.meta.url)
const byEmoji: Record<string, { name: string; skin_tone_support: boolean }> = require('unicode-emoji-json/data-by-emoji.json')
const components: Record<string, string> = require('unicode-emoji-json/data-emoji-components.json')

const SKIN_TONES = ['\u{1F3FB}', '\u{1F3FC}', '\u{1F3FD}', '\u{1F3FE}', '\u{1F3FF}']

/** An emoji with a skin tone: the modifier follows the first code point (UTS #51 modifier sequences, also in ZWJ ones). */
function withTone(emoji: string, tone: string): string {
  const [first, ...rest] = [...emoji]
  return first + tone + rest.join('').replace(/^\uFE0F/, '')
}

/** Every form of every emoji Unicode lists, named for the failure message. */
function emojiTable(): [string, string][] {
  const table: [string, string][] = []
  for (const [emoji, data] of Object.entries(byEmoji)) {
    table.push([data.name, emoji])
    const unqualified = emoji.replace(/\uFE0F/g, '')
    if (unqualified !== emoji) table.push([`${data.name} (unqualified)`, unqualified])
    if (data.skin_tone_support) for (const tone of SKIN_TONES) table.push([`${data.name} + skin tone`, withTone(emoji, tone)])
  }
  for (const [name, component] of Object.entries(components)) table.push([`component ${name}`, component])
  return table
}

const NOT_EMOJI = [
  'test-instance-group',
  '한국어 설명 1번 캐시',
  '日本語のキャッシュ',
  'кэш для сессий',
  'café naïve résumé',
  'ملاحظة',
  'cache #1 * 2 = 3',
  '0123456789#*',
  'arrows → ← ↑ and ✓ ★ ☆ ½ ① ¶ § ° ±',
  'digit with text selector 1\uFE0E',
  '!"$%&\'()+,-./:;<=>?@[\\]^_`{|}~',
]

describe('kakaocloud: no emoji in descriptions, by Unicode properties', () => {
  it(`Unicode's emoji list (unicode-emoji-json, ${Object.keys(byEmoji).length} emoji with their skin-tone and unqualified forms): each is refused, alone and inside text`, () => {
    const table = emojiTable()
    expect(table.length).toBeGreaterThan(3000)
    const missed = table.filter(([, emoji]) => !containsEmoji(emoji) || !containsEmoji(`cache ${emoji} group`))
    expect(missed).toEqual([])
  })

  it('flags (regional-indicator pairs), keycaps, tag sequences and a lone regional indicator are emoji', () => {
    for (const text of ['🇰🇷', '🇺🇳', '1️⃣', '#️⃣', '*️⃣', '1⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '\u{1F1F0}', 'a🇰🇷b', 'no.1️⃣']) expect([text, containsEmoji(text)]).toEqual([text, true])
  })

  it('text in other scripts, digits, # and *, and symbols that are not emoji pass', () => {
    for (const text of NOT_EMOJI) expect([text, containsEmoji(text)]).toEqual([text, false])
  })
})

describe('kakaocloud: the description rule over HTTP', () => {
  let h: Harness
  beforeEach(async () => {
    h = await createHarness()
  })

  it('reference §4 "no emoji": flags, keycaps and other sequences are 400 BadRequest; plain text of any script is created', async () => {
    const post = (description: string, name: string) =>
      h.request('kakaocloud').post('/v1/instance-sets').set('X-Auth-Token', READY_TOKEN).send(instanceSetBody({ description, instanceSetName: name }))
    for (const description of ['Seoul 🇰🇷', 'step 1️⃣', 'unqualified 1⃣', 'family 👨‍👩‍👧', 'wave 👋🏽', 'half 🇰']) {
      const res = await post(description, 'emoji-set')
      expect([description, res.status, res.body]).toEqual([description, 400, { error: { code: 'BadRequest', message: 'description: the description must not contain emoji' } }])
    }
    let n = 0
    for (const description of NOT_EMOJI) {
      const res = await post(description, `plain-set-${n++}`)
      expect([description, res.status]).toEqual([description, 201])
    }
  })
})
