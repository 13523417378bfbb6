// Lint rules. The one that matters most for the design: main/core stays Electron-free and
// never reaches into a host (main/shell, main/webhost); the renderer never imports main/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'main/core is Electron-free: put Electron code in main/shell.' },
            { name: 'electron-store', message: 'main/core is Electron-free (electron-store loads electron): use conf through main/core/state.' },
          ],
          patterns: [
            { group: ['electron/*'], message: 'main/core is Electron-free: put Electron code in main/shell.' },
            {
              group: ['**/shell', '**/shell/**', '**/webhost', '**/webhost/**', '**/demo', '**/demo/**', '**/freedesktop', '**/freedesktop/**'],
              message: 'main/core must not import a host; hosts import the core.',
            },
          ],
        },
      ],
      // no-restricted-imports sees only static imports: the same boundary for import() and require().
      // (esquery regexes cannot contain a literal '/', hence \x2f.)
      'no-restricted-syntax': [
        'error',
        ...['ImportExpression[source.value=', "CallExpression[callee.name='require'][arguments.0.value="].flatMap((target) => [
          { selector: `${target}/^electron($|\\x2f)/]`, message: 'main/core is Electron-free: put Electron code in main/shell.' },
          { selector: `${target}/(^|\\x2f)(shell|webhost|demo|freedesktop)($|\\x2f)/]`, message: 'main/core must not import a host; hosts import the core.' },
        ]),
      ],
    },
  },
);
