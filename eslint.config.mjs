// Strict, type-aware lint for the whole monorepo. Module boundaries follow the Nx tags in each
// project.json: domain libraries depend only on the event-sourcing types, and bounded contexts
// reach each other only through events (libs/contracts) and proto/ contracts.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'tmp/**',
      '.nx/**',
      // Generated from proto/ by libs/contracts/src/grpc/generate-grpc-types.ts (git-ignored).
      'libs/contracts/src/grpc/generated/**',
      'gateway/src/customers/inputs/generated/**',
      // Generated from gateway/schema.graphql by console/codegen.ts (git-ignored).
      'console/src/graphql/generated/**',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    // The web console's React components (.tsx) and its Vite config (.mts) get the same rules.
    files: ['**/*.ts', 'console/**/*.tsx', 'console/**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:event-sourcing-types', 'type:domain'],
            },
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:infra', 'type:testing', 'type:contracts'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:infra',
                'type:contracts',
                'type:testing',
                'type:event-sourcing-types',
              ],
            },
            // The web console is a client of the gateway only; its browser tests use the probes.
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:testing'] },
            {
              sourceTag: 'scope:customers',
              onlyDependOnLibsWithTags: ['scope:customers', 'scope:platform'],
            },
            {
              sourceTag: 'scope:sales',
              onlyDependOnLibsWithTags: ['scope:sales', 'scope:platform'],
            },
            {
              sourceTag: 'scope:service-desk',
              onlyDependOnLibsWithTags: ['scope:service-desk', 'scope:platform'],
            },
            {
              sourceTag: 'scope:marketing',
              onlyDependOnLibsWithTags: ['scope:marketing', 'scope:platform'],
            },
            {
              sourceTag: 'scope:loyalty',
              onlyDependOnLibsWithTags: ['scope:loyalty', 'scope:platform'],
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may use jest's loosely typed matchers.
    files: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Domain code is pure: no framework, no I/O, no clock. It may use only the *types* of the
    // event-sourcing core (Decider, envelope), never its adapters.
    files: ['libs/*/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@crm/event-sourcing',
              allowTypeImports: true,
              message: 'Domain code may import only types from the event-sourcing core.',
            },
          ],
          patterns: [
            {
              group: [
                '@nestjs/*',
                'pg',
                'kafkajs',
                'mongoose',
                'mongodb',
                'node:*',
                'fs',
                'crypto',
                'http',
              ],
              message: 'Domain code is pure: no framework or I/O imports.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the injected clock; domain code must be deterministic.',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Use the injected clock; domain code must be deterministic.',
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness is injected.' },
        { object: 'process', property: 'env', message: 'Configuration is injected.' },
      ],
    },
  },
  prettier,
);
