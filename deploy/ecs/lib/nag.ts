import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Leaders } from './leaders';
import { Network } from './network';
import { Workers } from './workers';

/** Acknowledges one AwsSolutions finding on one construct, saying why it is accepted. */
function accept(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

/**
 * The cdk-nag (AwsSolutions) findings this stack accepts, each with the reason. Everything
 * else cdk-nag checks passes; the tests fail on any finding not listed here.
 */
export function acceptFindings(parts: {
  network: Network;
  leaders: Leaders;
  workers: Workers;
  executionRole: IConstruct;
  containerInsights: boolean;
}): void {
  const { network, leaders, workers, executionRole } = parts;

  const environment =
    'The environment holds addresses, ports, durations and file paths only, never a secret (TLS ' +
    'keys come from Secrets Manager through `secrets`); it is literal so that the committed ' +
    'template states exactly what each process runs, which the local rehearsal test replays.';
  for (const taskDefinition of [...leaders.taskDefinitions, workers.taskDefinition]) {
    accept(taskDefinition, 'ECS2', environment);
  }

  if (!parts.containerInsights) {
    accept(
      network.cluster,
      'ECS4',
      'Container Insights bills per-task metrics and their log ingestion; the per-service CPU and ' +
        'memory metrics ECS publishes without it drive the worker autoscaling and alarms, and the ' +
        'processes log to CloudWatch. Turn it on with -c containerInsights=true.',
    );
  }

  accept(
    network.leaderSecurityGroup,
    'EC23',
    'The only CIDR rule admits clients from the VPC CIDR (a value CloudFormation resolves, which ' +
      'cdk-nag cannot read) or from the clientCidr given at synth time; the Raft port is open to ' +
      'the leaders security group only.',
  );

  accept(
    executionRole,
    'IAM5[Resource::*]',
    'ecr:GetAuthorizationToken supports no resource-level permission; the token alone reads no ' +
      'image (pulls need the repository statement).',
  );
  accept(
    executionRole,
    'IAM5[Resource::arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository/*]',
    'The image comes from the ImageUri parameter, which may name any repository of this account ' +
      'and region; read-only pull actions on this account’s repositories, nothing else.',
  );
}
