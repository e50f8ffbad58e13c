import { config } from '@agent-studio/eslint-config';

// The boundary table in DESIGN.md: scripts may import anything from db, sdk and legacy, and
// never the API's internals (the API is a deployment, not a library).
const apiMessage = 'Scripts must never import the API: use the SDK services (or legacy code) the API itself uses.';
const base = config({ tsconfigRootDir: import.meta.dirname });

export default [
  ...base,
  {
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@agent-studio/api', '@agent-studio/api/*'], message: apiMessage },
            { group: ['**/api/src/**', '**/api/dist/**'], message: apiMessage },
          ],
        },
      ],
    },
  },
];
