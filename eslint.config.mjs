// The lint gate of `npm test`: typescript-eslint's recommended rules (unused code included),
// import hygiene and the house rules below. Type-aware linting is left out on purpose: tsc
// already runs in the same command and type-aware rules would double the time.
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const VOCABULARY_MESSAGE =
  'steward: tag keys and metadata types are spelled once, in lib/vocabulary.ts (TAG, METADATA); import them.';

/** A `steward:` tag key or metadata type spelled in a string anywhere but lib/vocabulary.ts. */
const STEWARD_LITERAL = [
  { selector: 'Literal[value=/steward:[a-z]/]', message: VOCABULARY_MESSAGE },
  { selector: 'TemplateElement[value.raw=/steward:[a-z]/]', message: VOCABULARY_MESSAGE },
];

const ENV_MESSAGE =
  'environment variable names the app sets are spelled once, in lib/vocabulary.ts (ENV); import them ' +
  '(names of the Lambda and Node runtimes, AWS_* and NODE_OPTIONS, are theirs).';

/** An environment variable name of ours spelled where a function's environment is set or read. */
const ENV_LITERAL = [
  { selector: 'CallExpression[callee.name=/^(requiredEnv|jsonEnv)$/] > Literal.arguments[value!=/^AWS_/]', message: ENV_MESSAGE },
  { selector: 'CallExpression[callee.property.name="addEnvironment"] > Literal.arguments', message: ENV_MESSAGE },
  {
    selector: 'Property[computed=false] > Identifier.key[name=/^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/][name!=/^(AWS_|NODE_OPTIONS$)/]',
    message: ENV_MESSAGE,
  },
  {
    selector: 'MemberExpression[computed=false][object.object.name="process"][object.property.name="env"] > Identifier.property',
    message: ENV_MESSAGE,
  },
];

const SUPPRESSION_MESSAGE =
  'cdk-nag suppressions go through lib/nag/suppressions.ts (suppress, suppressWildcards, suppressComplianceRule), ' +
  'which names the rule and takes the reason from lib/nag/suppression-reasons.ts.';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'coverage/**', '.cache/**', '**/*.js', '**/*.mjs', '.venv/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  ...tseslint.configs.recommended,
  importX.flatConfigs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-extraneous-dependencies': 'error',
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true }],
      'no-restricted-syntax': ['error', ...STEWARD_LITERAL],
    },
  },
  {
    // Tests and benchmarks read synthesized JSON and fake SDK clients, and load adapters after setting their environment.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['lib/**/*.ts', 'bin/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'cdk-nag', importNames: ['NagSuppressions'], message: SUPPRESSION_MESSAGE }] }],
    },
  },
  { files: ['lib/**/*.ts', 'lambda/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...STEWARD_LITERAL, ...ENV_LITERAL] } },
  // The one place the shared words are spelled.
  { files: ['lib/vocabulary.ts'], rules: { 'no-restricted-syntax': 'off' } },
  // The one place cdk-nag's suppression API is called.
  { files: ['lib/nag/suppressions.ts'], rules: { 'no-restricted-imports': 'off' } },
);
