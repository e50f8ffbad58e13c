export * from '@agent-studio/test-servers/scripted-model-server'; // moved to tooling/test-servers
