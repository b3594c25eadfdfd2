import type { YamlSource } from '../core/yaml.js';

export type CredentialKind = 'default' | 'cli' | 'workload-identity' | 'client-secret' | 'azure-pipelines' | 'emulator';

export interface RuleOverride {
  enabled?: boolean;
  [key: string]: unknown;
}

/** One target workspace (environments/<name>.yaml). */
export interface Environment {
  name: string;
  file: string;
  source?: YamlSource;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  location?: string;
  armEndpoint?: string;
  credential: CredentialKind;
  /** One namespace of parameter values for every rule of this environment. */
  parameters: Record<string, unknown>;
  /** Watchlist alias -> CSV path (repository-relative) replacing the default contents. */
  watchlists: Record<string, string>;
  /** Rule id or file stem -> overrides. */
  rules: Record<string, RuleOverride>;
}
