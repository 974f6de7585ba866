// The text of an XML body from its bytes, in the encoding its declaration names, as Rails' XML parser (REXML) read it.
import { rtgError } from './errors.js'

/**
 * The encodings read (issue 22 item 6): UTF-8 (the default), US-ASCII and ISO-8859-1, which REXML decoded itself.
 * Names are matched case-insensitively with their IANA aliases. Any other declared encoding is refused with 400, as
 * a body REXML could not decode made Rails' params parser fail.
 */
const ENCODINGS: Record<string, 'utf-8' | 'us-ascii' | 'iso-8859-1'> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
  'ansi_x3.4-1968': 'us-ascii',
  'iso-8859-1': 'iso-8859-1',
  iso_8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  l1: 'iso-8859-1',
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]

/** The encoding named by `<?xml ... encoding="..."?>` at the very start, if any. */
function declaredEncoding(bytes: Buffer, start: number): string | undefined {
  // The declaration is ASCII in every encoding read here; latin1 maps each byte to one character.
  const head = bytes.subarray(start, start + 200).toString('latin1')
  return /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(head)?.[2]
}

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1] : undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function decodeXmlBytes(bytes: Buffer, contentType: string | undefined): string {
  const hasBom = UTF8_BOM.every((byte, i) => bytes[i] === byte)
  const start = hasBom ? 3 : 0
  // The document's declaration wins over the HTTP charset: REXML never saw the header.
  const named = declaredEncoding(bytes, start) ?? (hasBom ? 'UTF-8' : charsetOf(contentType)) ?? 'UTF-8'
  const encoding = ENCODINGS[named.toLowerCase()]
  if (!encoding) throw rtgError('bad_request', `the XML body's encoding ${named} is not supported (UTF-8, US-ASCII and ISO-8859-1 are)`)
  if (hasBom && encoding !== 'utf-8') throw rtgError('bad_request', `the XML body starts with a UTF-8 byte order mark but declares ${named}`)
  const body = bytes.subarray(start)
  if (encoding === 'iso-8859-1') return body.toString('latin1')
  if (encoding === 'us-ascii') {
    if (body.some((byte) => byte > 0x7f)) throw rtgError('bad_request', 'the XML body declares US-ASCII but holds bytes outside it')
    return body.toString('latin1')
  }
  try {
    return utf8.decode(body)
  } catch {
    throw rtgError('bad_request', 'the XML body is not valid UTF-8')
  }
}
