import { App, DefaultStackSynthesizer, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { WorkclusterStack } from './stack';

export const STACK_NAME = 'Workcluster';

/**
 * Feature flags the stack is written for, fixed here rather than in cdk.json so that the
 * committed template, the tests and `cdk synth` all build the same thing.
 */
const FEATURE_FLAGS = {
  '@aws-cdk/aws-ecs:removeDefaultDesiredCount': true, // autoscaling owns the worker count
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:enablePartitionLiterals': true,
  '@aws-cdk/aws-efs:mountTargetOrderInsensitiveLogicalId': true,
  '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': false, // would add a Lambda asset; no task uses the default group
};

/**
 * The app with one stack. `context` is what `-c key=value` gives (the tests pass it directly).
 * The synthesizer writes no BootstrapVersion parameter or rule: the stack has no assets, so the
 * template needs no bootstrap stack and deploys as is with `aws cloudformation deploy`.
 */
export function createApp(
  context: Record<string, unknown> = {},
  outdir?: string,
): { app: App; stack: WorkclusterStack } {
  const app = new App({
    outdir,
    analyticsReporting: false, // no AWS::CDK::Metadata resource, which changes with the CDK version
    context: { ...FEATURE_FLAGS, 'aws:cdk:enable-path-metadata': false, ...context },
  });
  // An imported VPC is looked up in the account, which needs an explicit environment.
  const env = app.node.tryGetContext('vpcId')
    ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
    : undefined;
  const stack = new WorkclusterStack(app, STACK_NAME, {
    env,
    description: 'workcluster: 3 Raft leaders and autoscaled workers on ECS Fargate (deploy/ecs)',
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
