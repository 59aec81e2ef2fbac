import { Aws, CfnOutput, CfnParameter, Stack, StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CLIENT_PORT, NAMESPACE, WorkclusterConfig, leaderHost, leaderIndexes, readConfig } from './config';
import { Leaders } from './leaders';
import { Network } from './network';
import { acceptFindings } from './nag';
import { Workers } from './workers';

/** workcluster on ECS: three Raft leaders and a scaled worker service (README.md). */
export class WorkclusterStack extends Stack {
  readonly config: WorkclusterConfig;
  readonly network: Network;
  readonly leaders: Leaders;
  readonly workers: Workers;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.config = readConfig(this.node);

    // Parameters, so the committed template serves any registry and any scale without CDK.
    const imageUri = new CfnParameter(this, 'ImageUri', {
      type: 'String',
      description: 'The workcluster image (one for every role), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/workcluster:1.0.0',
      minLength: 1,
    });
    // With mTLS the worker count is fixed at one (lib/workers.ts), so the counts are parameters only without.
    const scaled = this.config.mtls === 'off';
    const workerMin = scaled
      ? new CfnParameter(this, 'WorkerMinCount', {
          type: 'Number',
          default: 2,
          minValue: 0,
          description: 'Fewest worker tasks (CPU target tracking scales between the two counts)',
        }).valueAsNumber
      : 1;
    const workerMax = scaled
      ? new CfnParameter(this, 'WorkerMaxCount', {
          type: 'Number',
          default: 20,
          minValue: 1,
          description: 'Most worker tasks',
        }).valueAsNumber
      : 1;
    const image = ecs.ContainerImage.fromRegistry(imageUri.valueAsString);

    // One execution role for every task: it pulls the image, writes logs and, with mTLS, reads
    // the TLS secrets. ContainerImage.fromRegistry grants no ECR access, so it is granted here.
    const executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'workcluster tasks: pull the image, write logs, read TLS secrets',
    });
    executionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    );
    executionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        resources: [`arn:${Aws.PARTITION}:ecr:${Aws.REGION}:${Aws.ACCOUNT_ID}:repository/*`],
      }),
    );

    this.network = new Network(this, 'Network', this.config);
    this.leaders = new Leaders(this, 'Leaders', { config: this.config, network: this.network, image, executionRole });
    this.workers = new Workers(this, 'Workers', {
      config: this.config,
      network: this.network,
      image,
      executionRole,
      minCount: workerMin,
      maxCount: workerMax,
    });

    new CfnOutput(this, 'LeaderAddresses', {
      description: 'WORKCLUSTER_LEADER for clients inside the VPC',
      value: leaderIndexes()
        .map((n) => `${leaderHost(n)}:${CLIENT_PORT}`)
        .join(','),
    });
    new CfnOutput(this, 'Namespace', { value: NAMESPACE });
    new CfnOutput(this, 'ClusterName', { value: this.network.cluster.clusterName });
    new CfnOutput(this, 'LeaderLogGroup', { value: this.leaders.logGroup.logGroupName });
    new CfnOutput(this, 'WorkerLogGroup', { value: this.workers.logGroup.logGroupName });
    new CfnOutput(this, 'RaftDataFileSystem', { value: this.leaders.fileSystem.fileSystemId });

    acceptFindings({
      network: this.network,
      leaders: this.leaders,
      workers: this.workers,
      executionRole,
      containerInsights: this.config.containerInsights,
    });
  }
}
