import { Template } from 'aws-cdk-lib/assertions';
import { MtlsMode } from '../lib/config';
import { synthTemplate } from '../lib/template';

export const LEADER_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:workcluster/leader-tls-AbCdEf';
export const WORKER_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:workcluster/worker-tls-GhIjKl';

export function contextFor(mtls: MtlsMode): Record<string, unknown> {
  return mtls === 'off' ? {} : { mtls, leaderTlsSecretArn: LEADER_SECRET, workerTlsSecretArn: WORKER_SECRET };
}

const cache = new Map<MtlsMode, Record<string, any>>();

/** The synthesized template of one mode (cdk-nag runs in every synthesis), built once per run. */
export function templateJson(mtls: MtlsMode): Record<string, any> {
  let template = cache.get(mtls);
  if (!template) {
    template = synthTemplate(contextFor(mtls));
    cache.set(mtls, template);
  }
  return template;
}

export function template(mtls: MtlsMode): Template {
  return Template.fromJSON(templateJson(mtls));
}

export interface ContainerDef {
  Name: string;
  Command?: unknown[];
  Environment?: { Name: string; Value: unknown }[];
  [key: string]: any;
}

/** The task definition of a family (workcluster-leader-1, ..., workcluster-worker). */
export function taskDefinition(mtls: MtlsMode, family: string): Record<string, any> {
  const found = Object.values(templateJson(mtls).Resources as Record<string, any>).filter(
    (r) => r.Type === 'AWS::ECS::TaskDefinition' && r.Properties.Family === family,
  );
  if (found.length !== 1) throw new Error(`${found.length} task definitions of family ${family}`);
  return found[0].Properties;
}

export function container(mtls: MtlsMode, family: string, name: string): ContainerDef {
  const def = (taskDefinition(mtls, family).ContainerDefinitions as ContainerDef[]).find((c) => c.Name === name);
  if (!def) throw new Error(`no container ${name} in ${family}`);
  return def;
}

export function environment(def: ContainerDef): Record<string, unknown> {
  return Object.fromEntries((def.Environment ?? []).map((e) => [e.Name, e.Value]));
}

export function resourcesOfType(mtls: MtlsMode, type: string): [string, any][] {
  return Object.entries(templateJson(mtls).Resources as Record<string, any>).filter(([, r]) => r.Type === type);
}
