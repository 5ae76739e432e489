/**
 * User text quoted in an error message, bounded: a bad value or row may be megabytes long (a
 * binary file, one endless line), and the message must stay a line a person can read and must
 * not echo a whole file back. No kernel counterpart.
 */

/** Characters of user text a message quotes before cutting it short. */
export const EXCERPT_CHARS = 80;

/** A message from elsewhere (a parser's) cut to `max` characters, saying how long it was. */
export function cutMessage(text: string, max = 2 * EXCERPT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/**
 * `text` JSON-quoted when it is at most `max` characters; otherwise its first `max` characters
 * quoted, then how long it was: `"1          …" (100,002 characters)`.
 */
export function quoteExcerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, max))}… (${text.length} characters)`;
}
