/** Nest 12 is ESM-only, so jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules). */
const common = {
  testEnvironment: 'node',
  // Not the fixture apps (their own node_modules and tests) nor built output.
  roots: ['<rootDir>/src', '<rootDir>/libs', '<rootDir>/test'],
  modulePathIgnorePatterns: ['<rootDir>/libs/notifications/dist/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#notifications$': '<rootDir>/libs/notifications/src/index.ts',
    '^#notifications/client$': '<rootDir>/libs/notifications/src/client/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
};

export default {
  // A global option: jest ignores testTimeout inside a project.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Packs the library and runs the fixture apps with it (minutes: npm installs).
    { ...common, displayName: 'packaging', testMatch: ['<rootDir>/test/packaging/**/*.packaging-spec.ts'] },
  ],
};
