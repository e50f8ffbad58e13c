import { defineConfig } from 'vitest/config';
import { sharedConfig } from '@agent-studio/vitest-config';

export default defineConfig(sharedConfig());
