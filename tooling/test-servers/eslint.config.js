import { config } from '@agent-studio/eslint-config';

export default config({ tsconfigRootDir: import.meta.dirname });
