// The accounts module's public surface: what the engine and the hosts import.
export { AccountManager, DEFAULT_AUTHORITY, type AccountManagerOptions, type DeviceCodePrompt, type SignInOptions } from './account-manager.ts';
export { CONSUMER_TENANT_ID, type AccountKind, type AccountSummary } from './account-summary.ts';
export { toAuthRequiredError, WritePermissionRequiredError } from './auth-errors.ts';
export { CACHE_FILE_NAME, CacheDirectoryError, createCachePlugin, SecretStoreUnavailableError, type CachePersistenceOptions } from './cache-persistence.ts';
export { createIdentityNetworkClient, IdentityEndpointError, rewriteIdentityUrl, type IdentityEndpointOptions } from './identity-endpoint.ts';
export { modeFromGrantedScopes, permissionFor, READ_ONLY_SCOPES, READ_WRITE_SCOPES, scopesFor, type AccessMode, type WriteAction } from './scopes.ts';
export { AuthRequiredError, type AuthProblem, type TokenProvider } from './token-provider.ts';
