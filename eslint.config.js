// Lint: typescript-eslint's recommended rules plus the architecture's import fences
// (README, "Architecture"): each folder may import only the folders below it, and none but
// cli/ the front doors src/run.ts and src/index.ts (experiment/, which runs simulations, may
// use src/run.ts).
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const ALL = ['engine', 'metrics', 'irq', 'x86', 'ntb', 'machine', 'traffic', 'workload', 'report', 'gate', 'fidelity', 'experiment', 'cli'];

/** The front doors: src/run.ts and src/index.ts sit above the folders, so a folder below may not import them. */
function frontDoors(mayRun) {
  const doors = mayRun ? ['index'] : ['run', 'index'];
  return {
    group: doors.flatMap((d) => [`../${d}.js`, `../../${d}.js`]),
    message: `src/${doors.join('.ts and src/')}.ts ${doors.length > 1 ? 'are front doors' : 'is a front door'} above the folders; import the module you need instead.`,
  };
}

/**
 * Forbid `src/<folder>` from importing any src folder outside `allowed`, the front doors (but
 * src/run.ts when `mayRun`), and any listed patterns.
 */
function fence(folder, allowed, extraPatterns = [], mayRun = false) {
  const banned = ALL.filter((f) => f !== folder && !allowed.includes(f));
  return {
    files: [`src/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...banned.map((f) => ({
              group: [`../${f}/*`, `../../${f}/*`, `../${f}`, `../../${f}`],
              message: `src/${folder} may not import src/${f} (see the README, Architecture).`,
            })),
            frontDoors(mayRun),
            ...extraPatterns,
          ],
        },
      ],
    },
  };
}

const noFs = [
  { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'], message: 'Only report/, gate/ and cli/ touch the filesystem.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Regexes that backtrack super-linearly on hostile input (a duration of "1", 100,000 spaces and
  // "x" took 16 s): every pattern must match in time linear in its input.
  {
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-misleading-capturing-group': 'error',
    },
  },
  // An unanchored search that rescans from every start is quadratic too: refused where the text
  // can come from a user (src/, bench/); tests that search the repository's own files may.
  {
    files: ['src/**/*.ts', 'bench/**/*.ts', 'bin/**/*.js'],
    ignores: ['**/*.test.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: false, ignorePartial: false }],
    },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly', setTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Use a seeded RandomStream (src/engine/rng.ts): runs must be reproducible.',
        },
      ],
    },
  },
  fence('engine', [], noFs),
  fence('metrics', ['engine'], noFs),
  fence('irq', ['engine', 'metrics'], noFs),
  fence('x86', ['engine', 'metrics', 'irq'], noFs),
  fence('ntb', ['engine', 'metrics', 'irq'], noFs),
  fence('traffic', ['engine'], noFs),
  fence('machine', ['engine', 'metrics', 'irq', 'x86', 'ntb', 'traffic'], noFs),
  fence('workload', ['engine', 'machine', 'traffic']),
  fence('report', ['engine', 'metrics']),
  fence('gate', ['engine', 'report']),
  fence('fidelity', ['engine', 'metrics', 'machine', 'traffic', 'workload'], noFs),
  // Experiments run points through src/run.ts (not a folder: not fenced) and store files.
  fence('experiment', ['engine', 'metrics', 'workload', 'report'], [], true),
);
