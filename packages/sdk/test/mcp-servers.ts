export * from '@agent-studio/test-servers'; // moved to tooling/test-servers: import it by name
