import type { YamlSource } from '../core/yaml.js';

/** Where an environment deploys: Sentinel analytics rules, and Defender XDR custom detections through Microsoft Graph. */
export type Target = 'sentinel' | 'defender';

export type CredentialKind = 'default' | 'cli' | 'workload-identity' | 'client-secret' | 'azure-pipelines' | 'emulator';

/** `emulator:` — deploy to the in-process ARM emulator; its state persists in a file. */
export interface EmulatorSettings {
  /** Repository-relative state file. */
  state: string;
  faults?: string;
  seed?: number;
  /**
   * The emulated workspace's log data for the query API: table -> fixture file(s) or folder(s), or a
   * YAML file holding that map (default fixtures/workspace.yaml).
   */
  data?: Record<string, string | string[]> | string;
  /** Result records a query returns before the rest is cut off as a partial error. */
  queryRowLimit?: number;
}

/** `deploy:` — request behaviour towards the workspace. */
export interface DeploySettings {
  concurrency?: number;
  maxRetries?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

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
  /** The Log Analytics workspace GUID, for queries. */
  workspaceId?: string;
  location?: string;
  armEndpoint?: string;
  graphEndpoint?: string;
  /** Always holds sentinel (the schema requires it); absent = [sentinel]. */
  targets?: Target[];
  credential: CredentialKind;
  tenantId?: string;
  clientId?: string;
  emulator?: EmulatorSettings;
  deploy?: DeploySettings;
  /** One namespace of parameter values for every rule of this environment. */
  parameters: Record<string, unknown>;
  /** Watchlist alias -> CSV path (repository-relative) replacing the default contents. */
  watchlists: Record<string, string>;
  /** Rule id or file stem -> overrides. */
  rules: Record<string, RuleOverride>;
}
