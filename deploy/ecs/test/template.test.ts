// The committed template, the literal commands and environments, cdk-nag, and `cdk synth` itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { createApp } from '../lib/app';
import { MTLS_MODES } from '../lib/config';
import { TEMPLATE_FILE, templateText } from '../lib/template';
import { contextFor, resourcesOfType, templateJson } from './helpers';

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

describe('committed template', () => {
  it('is what the app synthesizes now (npm run synth regenerates it)', () => {
    const committed = fs.readFileSync(TEMPLATE_FILE, 'utf8');
    assert.ok(
      committed === templateText(templateJson('off')),
      `${path.basename(TEMPLATE_FILE)} is out of date with the app: run "npm run synth" and commit it`,
    );
  });

  for (const mtls of MTLS_MODES) {
    it(`mtls=${mtls}: every container's Command and Environment are literal strings`, () => {
      for (const [, taskDefinition] of resourcesOfType(mtls, 'AWS::ECS::TaskDefinition')) {
        for (const c of taskDefinition.Properties.ContainerDefinitions) {
          for (const arg of c.Command ?? []) assert.equal(typeof arg, 'string', `${c.Name} command ${JSON.stringify(arg)}`);
          for (const e of c.Environment ?? []) {
            assert.equal(typeof e.Value, 'string', `${c.Name} ${e.Name} = ${JSON.stringify(e.Value)}`);
          }
        }
      }
    });
  }
});

/** Every acknowledgment recorded on the construct tree: [path, id, reason]. */
function acknowledgments(root: IConstruct): [string, string, string][] {
  const found: [string, string, string][] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push([c.node.path, id, reason]);
      }
    }
  }
  return found;
}

describe('cdk-nag (AwsSolutions)', () => {
  for (const mtls of MTLS_MODES) {
    it(`mtls=${mtls}: synthesizes with no finding left unacknowledged`, () => {
      // Synthesis fails ("Validation failed") on any AwsSolutions finding not acknowledged.
      assert.ok(templateJson(mtls).Resources);
    });
  }

  it('is really checking: one open SSH port fails the synthesis', () => {
    const { app, stack } = createApp();
    const group = new ec2.SecurityGroup(stack, 'Open', { vpc: stack.network.vpc, description: 'open' });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    assert.throws(() => app.synth(), /Validation failed/);
  });

  it('every acknowledgment of ours says why, at length', () => {
    for (const mtls of MTLS_MODES) {
      const { stack } = createApp(contextFor(mtls));
      const ours = acknowledgments(stack).filter(([, id]) => id.startsWith('AwsSolutions::'));
      assert.ok(ours.length >= 5, `${ours.length} acknowledgments`);
      for (const [where, id, reason] of ours) {
        assert.ok(reason.length >= 80 && !/not needed|n\/a|todo/i.test(reason), `${where} ${id}: "${reason}"`);
      }
    }
  });
});

describe('cdk synth (the CLI, as a user runs it)', () => {
  it('writes the committed template', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'workcluster-cdk-'));
    try {
      execFileSync(
        process.execPath,
        [require.resolve('aws-cdk/bin/cdk'), 'synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', out],
        {
          cwd: PACKAGE_DIR,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            // No AWS account here: skip the metadata-endpoint probe for credentials and telemetry.
            AWS_EC2_METADATA_DISABLED: 'true',
            CDK_DISABLE_CLI_TELEMETRY: 'true',
          },
        },
      );
      const synthesized = JSON.parse(fs.readFileSync(path.join(out, 'Workcluster.template.json'), 'utf8'));
      assert.deepEqual(synthesized, JSON.parse(fs.readFileSync(TEMPLATE_FILE, 'utf8')));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
