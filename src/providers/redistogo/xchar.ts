// Text as Rails' XML builder wrote it (Builder::XChar): every answer is well-formed XML whatever was stored.

/**
 * Builder's CP1252 fix-up: C1 control characters (U+0080–U+009F) are taken for the Windows-1252 characters they
 * stand for in text that was really CP1252 (Builder 2 `Fixnum#xchr` and Builder 3 `XChar.encode` both apply it).
 * U+0081, U+008D, U+008F, U+0090 and U+009D have no CP1252 meaning and stay as they are.
 */
const CP1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
}

/** Builder's REPLACEMENT_CHAR: what it writes for a character outside XML 1.0's Char range. */
export const REPLACEMENT_CHAR = '*'

// Characters outside XML 1.0 §2.2 Char (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) and the C1 range.
const NEEDS_XCHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\x80-\x9F\uFFFE\uFFFF]|\p{Cs}/u
const XCHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\x80-\x9F\uFFFE\uFFFF]|\p{Cs}/gu

function xchr(char: string): string {
  const code = char.codePointAt(0)!
  if (code >= 0x80 && code <= 0x9f) return Object.hasOwn(CP1252, code) ? String.fromCodePoint(CP1252[code]) : char
  return REPLACEMENT_CHAR
}

/** A stored string as Builder writes it in an element's text (escaping of & < > is left to the XML writer). */
export function xchar(text: string): string {
  // Most strings need nothing: one test, no copy.
  return NEEDS_XCHAR.test(text) ? text.replace(XCHAR, xchr) : text
}
