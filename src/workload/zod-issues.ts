/**
 * Turns zod's issues into WorkloadIssues a performance engineer can act on: one issue per bad
 * field, "expected …, got …" wording, one issue per unknown key with a did-you-mean, and a
 * union's failure reported through the branch the value was evidently meant for.
 */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { formatPath, type PathSegment, type WorkloadIssue } from './errors.js';
import { KEY_MESSAGE_SEPARATOR, show, unknownKeyMessage } from './fields.js';

const TYPE_NOUNS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function noun(expected: string): string {
  return TYPE_NOUNS[expected] ?? expected;
}

function choices(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : show(v))).join(', ');
}

function suggestion(got: unknown, values: readonly unknown[]): string {
  if (typeof got !== 'string') return '';
  const guess = didYouMean(got, values.filter((v): v is string => typeof v === 'string'));
  return guess === undefined ? '' : `; did you mean ${JSON.stringify(guess)}?`;
}

function items(n: number): string {
  return `${n} item${n === 1 ? '' : 's'}`;
}

function countOf(input: unknown): string {
  return Array.isArray(input) ? String(input.length) : show(input);
}

/**
 * The error map given to every workload parse: wording for the issue kinds zod raises itself.
 * Schemas with their own wording (unions of input forms, strict objects) take precedence.
 */
export const workloadErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return `missing required field (expected ${noun(iss.expected)})`;
      return `expected ${noun(iss.expected)}, got ${show(iss.input)}`;
    case 'invalid_value':
      if (iss.input === undefined) return `missing required field (expected one of ${choices(iss.values)})`;
      return `expected one of ${choices(iss.values)}, got ${show(iss.input)}${suggestion(iss.input, iss.values)}`;
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'array') return `expected at least ${items(min)}, got ${countOf(iss.input)}`;
      if (iss.origin === 'string') return min === 1 ? 'must not be empty' : `expected at least ${min} characters`;
      return `must be ${iss.inclusive ? 'at least' : 'greater than'} ${min}, got ${show(iss.input)}`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'array') return `expected at most ${items(max)}, got ${countOf(iss.input)}`;
      if (iss.origin === 'string') return `expected at most ${max} characters`;
      return `must be ${iss.inclusive ? 'at most' : 'less than'} ${max}, got ${show(iss.input)}`;
    }
    case 'invalid_union': {
      if (iss.discriminator === undefined) return `does not match any allowed form, got ${show(iss.input)}`;
      const options = (iss as { options?: readonly unknown[] }).options ?? [];
      const got = (iss.input as Record<string, unknown> | undefined)?.[iss.discriminator];
      if (got === undefined) return `missing required field (expected one of ${choices(options)})`;
      return `expected one of ${choices(options)}, got ${show(got)}${suggestion(got, options)}`;
    }
    case 'invalid_format':
      return `expected a string matching ${iss.pattern ?? iss.format}, got ${show(iss.input)}`;
    default:
      return undefined;
  }
};

// An issue saying only "this is not my kind of value": a union branch that did not apply.
function isFormMismatch(iss: z.core.$ZodIssue): boolean {
  if (iss.path.length !== 0) return false;
  return iss.code === 'invalid_type' || (iss.code === 'invalid_union' && iss.discriminator === undefined);
}

function collect(
  issues: readonly z.core.$ZodIssue[],
  base: readonly PathSegment[],
  file: string,
  out: WorkloadIssue[],
): void {
  for (const iss of issues) {
    const path = [...base, ...(iss.path as PathSegment[])];
    if (iss.code === 'unrecognized_keys') {
      const lines = iss.message.split(KEY_MESSAGE_SEPARATOR);
      for (let i = 0; i < iss.keys.length; i++) {
        const message = lines.length === iss.keys.length ? lines[i] : unknownKeyMessage(iss.keys[i], []);
        out.push({ file, path: formatPath([...path, iss.keys[i]]), message });
      }
      continue;
    }
    if (iss.code === 'invalid_union' && iss.discriminator === undefined && iss.errors.length > 0) {
      // The value is evidently meant for the one branch that got past the form check
      // (an object for the distribution branch, a string for the duration branch).
      const meant = iss.errors.filter((branch) => branch.length > 0 && !branch.every(isFormMismatch));
      if (meant.length === 1) {
        collect(meant[0], path, file, out);
        continue;
      }
    }
    out.push({ file, path: formatPath(path), message: iss.message });
  }
}

/** Converts zod issues into workload issues for `file`, in the order zod found them. */
export function toWorkloadIssues(issues: readonly z.core.$ZodIssue[], file: string): WorkloadIssue[] {
  const out: WorkloadIssue[] = [];
  collect(issues, [], file, out);
  return out;
}
