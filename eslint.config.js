import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import direction: builder → feed ← data ← app; components never fetch; lib and feed depend on nothing of ours. */
const forbid = (...folders) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: folders.map((folder) => ({
        group: [`**/${folder}/*`, `**/${folder}`],
        message: `this folder may not import from src/${folder} (see the import rules in eslint.config.js)`,
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.tmp', 'test-results', 'playwright-report', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'use a string union or `as const` instead of an enum' },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'only src/article/article-body.tsx renders HTML, and only sanitizer output',
        },
      ],
    },
  },
  // Playwright fixtures call `use`, which is not React's.
  { files: ['tests/e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  { files: ['src/article/article-body.tsx'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['src/feed/**'], rules: forbid('builder', 'app', 'data', 'article', 'components', 'lib') },
  { files: ['src/lib/**'], rules: forbid('builder', 'app', 'data', 'article', 'components') },
  { files: ['src/builder/**'], rules: forbid('app', 'data', 'article', 'components') },
  { files: ['src/article/**'], rules: forbid('builder', 'app', 'data', 'components') },
  { files: ['src/data/**'], rules: forbid('builder', 'app', 'components') },
  { files: ['src/components/**'], rules: forbid('builder', 'app', 'data', 'article') },
  { files: ['src/app/**', 'src/main.tsx'], rules: forbid('builder') },
);
