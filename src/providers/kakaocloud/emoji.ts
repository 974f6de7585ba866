// Whether a text holds an emoji, by Unicode's own properties (UTS #51), for the "no emoji" description rule.

/**
 * Any of these is an emoji or part of one:
 * - \p{RGI_Emoji}: every emoji sequence Unicode recommends (flags 🇰🇷, keycaps 1️⃣, ZWJ and tag sequences, modifiers);
 * - \p{Extended_Pictographic}: pictographs, also without their variation selector (❤ as well as ❤️);
 * - \p{Regional_Indicator}: a lone half of a flag;
 * - \p{Emoji_Modifier}: a skin tone on its own;
 * - \p{Emoji_Presentation}: anything shown as emoji by default;
 * - [0-9#*] U+FE0F? U+20E3: a keycap, also in its unqualified form (1⃣). A bare digit, '#' or '*' is not an emoji.
 * The `v` flag (needed for the RGI_Emoji sequence property) is built at run time: TypeScript's target predates it.
 * Built on first use: compiling these Unicode sets takes tens of milliseconds, which every start would pay (issue #20).
 */
let emoji: RegExp | undefined

export function containsEmoji(text: string): boolean {
  emoji ??= new RegExp(
    String.raw`\p{RGI_Emoji}|\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\p{Emoji_Presentation}|[0-9#*]\uFE0F?\u20E3`,
    'v',
  )
  return emoji.test(text)
}
