import { Duration, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CLIENT_PORT, WorkclusterConfig, leaderHost, leaderIndexes } from './config';
import { Network } from './network';
import { TLS_CA, TLS_CERT, TLS_KEY, addTlsFiles, useTlsFiles } from './tls';

/** Fargate's longest stopTimeout: how long a stopping worker has between SIGTERM and SIGKILL. */
const STOP_TIMEOUT = Duration.seconds(120);
/** Running tasks get this long to finish after SIGTERM; the rest are handed back well before SIGKILL. */
const SHUTDOWN_GRACE = '100s';

export interface WorkersProps {
  readonly config: WorkclusterConfig;
  readonly network: Network;
  readonly image: ecs.ContainerImage;
  readonly executionRole: iam.IRole;
  /** Task counts, from CloudFormation parameters. */
  readonly minCount: number;
  readonly maxCount: number;
}

/**
 * The workers: a Fargate service scaled on CPU. Each worker opens one gRPC session stream to
 * the Raft leader (it follows redirects and fails over across the three names), so it needs no
 * inbound port and no load balancer.
 */
export class Workers extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    const { config, network } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: 'workcluster-worker',
      cpu: config.workerCpu,
      memoryLimitMiB: config.workerMemoryMiB,
      executionRole: props.executionRole,
    });
    Tags.of(this.taskDefinition).add('workcluster:role', 'worker');

    const environment: Record<string, string> = {
      WORKCLUSTER_LEADER: leaderIndexes()
        .map((n) => `${leaderHost(n)}:${CLIENT_PORT}`)
        .join(','),
      WORKCLUSTER_SLOTS: String(config.workerSlots),
      WORKCLUSTER_SHUTDOWN_GRACE: SHUTDOWN_GRACE,
    };
    const command = ['worker'];
    if (config.workerHandlerClass) {
      // A derived image with the handler's jar in /opt/workcluster/ext (on the entrypoint's classpath).
      command.push('--handler-class', config.workerHandlerClass);
    } else {
      environment.WORKCLUSTER_HANDLER = 'sleep';
    }
    if (config.mtls !== 'off') {
      // The leader holds a caller with the worker role to the member id equal to its certificate's CN.
      Object.assign(environment, {
        WORKCLUSTER_WORKER_ID: config.workerId,
        WORKCLUSTER_TLS_CA: TLS_CA,
        WORKCLUSTER_TLS_CERT: TLS_CERT,
        WORKCLUSTER_TLS_KEY: TLS_KEY,
      });
    }
    // Otherwise WORKCLUSTER_WORKER_ID stays unset: the default (host name and pid) differs per task.

    const worker = this.taskDefinition.addContainer('worker', {
      containerName: 'worker',
      image: props.image,
      command,
      environment,
      essential: true,
      // No container health check: a worker serves no port to probe. Its liveness is its session
      // with the leader (heartbeats every second); a worker whose process exits is replaced by ECS.
      stopTimeout: STOP_TIMEOUT,
      logging: ecs.LogDriver.awsLogs({ logGroup: this.logGroup, streamPrefix: 'worker' }),
    });
    if (config.mtls !== 'off') {
      const init = addTlsFiles(this, this.taskDefinition, config.workerTlsSecretArn!, config.initImage, this.logGroup, 'worker');
      useTlsFiles(worker, init);
    }

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: network.cluster,
      taskDefinition: this.taskDefinition,
      securityGroups: [network.workerSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
      // Workers are interchangeable: a deployment may start new ones before it stops old ones,
      // except the single mTLS worker (below), which must stop before its successor claims its id.
      ...(config.mtls === 'off'
        ? { minHealthyPercent: 100, maxHealthyPercent: 200 }
        : { desiredCount: 1, minHealthyPercent: 0, maxHealthyPercent: 100 }),
      circuitBreaker: { rollback: true },
    });

    if (config.mtls === 'off') {
      const scaling = this.service.autoScaleTaskCount({ minCapacity: props.minCount, maxCapacity: props.maxCount });
      scaling.scaleOnCpuUtilization('Cpu', {
        targetUtilizationPercent: config.workerCpuTarget,
        scaleOutCooldown: Duration.seconds(60),
        // Scaling in stops a worker, which may take up to its stopTimeout to drain.
        scaleInCooldown: Duration.seconds(300),
      });
    }
    // With mTLS every worker task would present the same certificate from the same secret, and
    // the leader lets a worker act only as the member its certificate's CN names: a second task
    // would claim the first one's member id. So mTLS modes run one worker task and no scaling,
    // until each task gets a certificate of its own (README.md, "Limits").
  }
}
