// One ARM deployment template per content item (DESIGN.md "Render and export output"). Bodies are the
// ones `tripline render` writes; only what names the workspace becomes an expression over the
// template's `workspace` parameter, so one template deploys to any workspace of the resource group.
import { automationRuleBody, type AutomationRule } from '../automation/index.js';
import { RULE_ID_PROPERTIES } from '../automation/types.js';
import { propertyConditions } from '../automation/conditions.js';
import type { Environment } from '../environments/types.js';
import { watchlistBody } from '../pipeline/write-render.js';
import { alertRuleBody } from '../render/alert-rule-body.js';
import type { RenderedRule } from '../rules/types.js';
import type { Watchlist } from '../watchlists/types.js';
import type { WorkbookBody } from '../workbooks/index.js';
import { alertRuleApiVersion, SENTINEL_STABLE, WORKBOOKS } from './api-versions.js';
import { ArmExpression, armString, expr, toTemplateJson, WORKSPACE, WORKSPACE_ID, type TemplateJson } from './arm.js';

export const DEPLOYMENT_TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
/** Stands for the workspace resource id inside serializedData until the deployment fills it in. */
export const WORKSPACE_PLACEHOLDER = '__TRIPLINE_WORKSPACE_RESOURCE_ID__';

export interface ArmTemplate {
  $schema: string;
  contentVersion: '1.0.0.0';
  parameters: { workspace: { type: 'string'; defaultValue?: string; metadata: { description: string } } };
  variables?: { [name: string]: TemplateJson };
  resources: { [key: string]: TemplateJson }[];
}

export interface TemplateOptions {
  /** Emit `Microsoft.OperationalInsights/workspaces/providers/<type>` with a 3-segment name. */
  legacyForm?: boolean;
}

type SentinelType = 'alertRules' | 'watchlists' | 'automationRules';

/** type, scope and name of a Sentinel resource: an extension resource of the workspace. */
function sentinelPlacement(type: SentinelType, name: string, legacy: boolean): Record<string, unknown> {
  if (legacy) {
    return {
      type: `Microsoft.OperationalInsights/workspaces/providers/${type}`,
      name: expr(`concat(${WORKSPACE}, '/Microsoft.SecurityInsights/', ${armString(name)})`),
    };
  }
  return {
    type: `Microsoft.SecurityInsights/${type}`,
    scope: expr(`format('Microsoft.OperationalInsights/workspaces/{0}', ${WORKSPACE})`),
    name,
  };
}

function template(env: Environment, resource: Record<string, unknown>, variables?: Record<string, unknown>): ArmTemplate {
  const t = {
    $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      workspace: {
        type: 'string',
        defaultValue: env.workspaceName,
        metadata: { description: 'Log Analytics workspace name (Microsoft Sentinel enabled), in the resource group of the deployment' },
      },
    },
    ...(variables ? { variables } : {}),
    resources: [resource],
  };
  return toTemplateJson(t) as unknown as ArmTemplate;
}

/** The full type, apiVersion and placement keys first, as ARM templates are usually read. */
function sentinelResource(type: SentinelType, apiVersion: string, name: string, legacy: boolean, rest: Record<string, unknown>): Record<string, unknown> {
  const { type: t, ...placement } = sentinelPlacement(type, name, legacy);
  return { type: t, apiVersion, ...placement, ...rest };
}

export function alertRuleTemplate(rendered: RenderedRule, env: Environment, options: TemplateOptions = {}): ArmTemplate {
  const body = alertRuleBody(rendered, env);
  const resource = sentinelResource('alertRules', alertRuleApiVersion(body), rendered.rule.doc.id, options.legacyForm ?? false, {
    kind: body.kind,
    properties: body.properties,
  });
  return template(env, resource);
}

export function watchlistTemplate(watchlist: Watchlist, env: Environment, options: TemplateOptions = {}): ArmTemplate {
  const resource = sentinelResource('watchlists', SENTINEL_STABLE, watchlist.alias, options.legacyForm ?? false, watchlistBody(watchlist));
  return template(env, resource);
}

/** The alert rule's resource id in the workspace the template deploys to. */
export function alertRuleIdExpression(ruleId: string): ArmExpression {
  return expr(`extensionResourceId(${WORKSPACE_ID}, 'Microsoft.SecurityInsights/alertRules', ${armString(ruleId)})`);
}

/** Properties whose analytics rule references are expressions instead of one environment's ids. */
function automationProperties(automation: AutomationRule, env: Environment): Record<string, unknown> {
  const { properties } = automationRuleBody(automation, env);
  const triggeringLogic = { ...automation.doc.triggeringLogic };
  if (triggeringLogic.conditions) {
    const conditions = structuredClone(triggeringLogic.conditions);
    for (const { condition } of propertyConditions(conditions)) {
      const props = condition.conditionProperties as Record<string, unknown>;
      if (RULE_ID_PROPERTIES.has(String(props['propertyName'])) && Array.isArray(props['propertyValues'])) {
        props['propertyValues'] = (props['propertyValues'] as unknown[]).map((id) => alertRuleIdExpression(String(id)));
      }
    }
    triggeringLogic.conditions = conditions;
  }
  return { ...properties, triggeringLogic };
}

export function automationRuleTemplate(automation: AutomationRule, env: Environment, options: TemplateOptions = {}): ArmTemplate {
  const resource = sentinelResource('automationRules', SENTINEL_STABLE, automation.doc.id, options.legacyForm ?? false, {
    properties: automationProperties(automation, env),
  });
  return template(env, resource);
}

/** serializedData with the workspace placeholder in fallbackResourceIds (a JSON string, as the API wants). */
function serializedTemplate(body: WorkbookBody): string {
  const data = JSON.parse(body.properties.serializedData) as Record<string, unknown>;
  return JSON.stringify({ ...data, fallbackResourceIds: [WORKSPACE_PLACEHOLDER] });
}

/** Workbooks are resource-group resources linked to the workspace by sourceId; both forms are the same. */
export function workbookTemplate(id: string, body: WorkbookBody, env: Environment): ArmTemplate {
  const { properties, tags } = body;
  const resource = {
    type: 'Microsoft.Insights/workbooks',
    apiVersion: WORKBOOKS,
    name: id,
    location: expr('resourceGroup().location'),
    kind: 'shared',
    ...(tags ? { tags } : {}),
    properties: {
      ...properties,
      serializedData: expr(`replace(variables('serializedData'), ${armString(WORKSPACE_PLACEHOLDER)}, ${WORKSPACE_ID})`),
      sourceId: expr(WORKSPACE_ID),
    },
  };
  return template(env, resource, { serializedData: serializedTemplate(body) });
}
