/**
 * `encodeURIComponent`, except that a lone surrogate (which it refuses) is written as the three
 * bytes a careless encoder would produce (CESU-8): invalid UTF-8 the server must refuse politely.
 */
export function percentEncode(text: string): string {
  if (text.isWellFormed()) return encodeURIComponent(text);
  let out = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
      out += bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** Path segments sent as they are: broken escapes and overlong or invalid UTF-8, refused by any route. */
export const malformedPathSegments: readonly string[] = [
  '%',
  '%zz',
  '%C0%80',
  '%ED%A0%80',
  '%FF%FE',
  '%E4%B8',
];
