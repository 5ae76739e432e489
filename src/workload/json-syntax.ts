/**
 * A strict JSON (RFC 8259) recogniser used only to say *where* a workload file is wrong: the
 * first syntax error or duplicate key, as an offset with a message. JSON.parse builds the value;
 * Node's own messages often lack a position and it silently keeps the last of duplicate keys.
 * No kernel counterpart.
 */

/** The first problem found: `offset` into the text, and what was expected there. */
export interface JsonProblem {
  readonly offset: number;
  readonly message: string;
}

/** Deeper nesting than this is refused rather than risking the recursion's stack. */
export const MAX_JSON_DEPTH = 256;

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Problem extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/** 1-based line and column of `offset` in `text` (columns count UTF-16 code units). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Scans `text` as JSON; returns null when it is valid with no duplicate keys. */
export function findJsonProblem(text: string): JsonProblem | null {
  const s = new Scanner(text);
  try {
    s.ws();
    s.value(0);
    s.ws();
    if (s.pos < text.length) s.fail('the end of the file after the top-level value');
    return null;
  } catch (err) {
    if (err instanceof Problem) return { offset: err.offset, message: err.message };
    throw err;
  }
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  peekText(): string {
    if (this.pos >= this.text.length) return 'the end of the file';
    return JSON.stringify(this.text[this.pos]);
  }

  fail(expected: string): never {
    throw new Problem(this.pos, `expected ${expected}, got ${this.peekText()}`);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.pos++;
    }
  }

  value(depth: number): void {
    if (depth > MAX_JSON_DEPTH) throw new Problem(this.pos, `nested more than ${MAX_JSON_DEPTH} levels deep`);
    const c = this.text[this.pos];
    if (c === '{') this.object(depth);
    else if (c === '[') this.array(depth);
    else if (c === '"') this.string();
    else if (c === '-' || (c >= '0' && c <= '9')) this.number();
    else if (!this.word('true') && !this.word('false') && !this.word('null')) {
      this.fail('a value (object, list, string, number, true, false or null)');
    }
  }

  word(w: string): boolean {
    if (!this.text.startsWith(w, this.pos)) return false;
    this.pos += w.length;
    return true;
  }

  number(): void {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (m === null) this.fail('a number');
    this.pos += m[0].length;
  }

  string(): string {
    const start = this.pos;
    const t = this.text;
    this.pos++;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        this.pos++;
        return JSON.parse(t.slice(start, this.pos)) as string;
      }
      if (c < 32) {
        const code = c.toString(16).padStart(4, '0').toUpperCase();
        throw new Problem(this.pos, `control character U+${code} inside a string; write it as an escape such as \\n`);
      }
      if (c === 92) {
        const e = t[this.pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
            throw new Problem(this.pos, 'expected four hex digits after \\u');
          }
          this.pos += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          throw new Problem(this.pos, `invalid escape \\${e ?? ''} in a string`);
        }
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    throw new Problem(start, 'string is never closed (missing ")');
  }

  object(depth: number): void {
    this.pos++;
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('a key in double quotes');
      const keyAt = this.pos;
      const key = this.string();
      if (keys.has(key)) {
        throw new Problem(keyAt, `duplicate key ${JSON.stringify(key)}; each key may appear once in an object`);
      }
      keys.add(key);
      this.ws();
      if (this.text[this.pos] !== ':') this.fail(`':' after the key ${JSON.stringify(key)}`);
      this.pos++;
      this.ws();
      this.value(depth + 1);
      this.ws();
      const c = this.text[this.pos];
      if (c === '}') {
        this.pos++;
        return;
      }
      if (c !== ',') this.fail("',' or '}'");
      this.pos++;
      this.ws();
    }
  }

  array(depth: number): void {
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      this.ws();
      const c = this.text[this.pos];
      if (c === ']') {
        this.pos++;
        return;
      }
      if (c !== ',') this.fail("',' or ']'");
      this.pos++;
      this.ws();
    }
  }
}
