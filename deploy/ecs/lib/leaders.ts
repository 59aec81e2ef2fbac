import { Duration, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import {
  APP_CLASSPATH,
  APP_UID,
  CLIENT_PORT,
  DATA_DIR,
  JAVA,
  RAFT_PORT,
  RPC_PORT,
  WorkclusterConfig,
  leaderHost,
  leaderIndexes,
} from './config';
import { Network } from './network';
import { TLS_CA, TLS_CERT, TLS_KEY, addNginxSidecar, addTlsFiles, useTlsFiles } from './tls';

/** In nginx mode the node listens on loopback only, on these ports, behind its nginx. */
const LOOPBACK_CLIENT_PORT = 51051;
const LOOPBACK_RPC_PORT = 51052;

export interface LeadersProps {
  readonly config: WorkclusterConfig;
  readonly network: Network;
  readonly image: ecs.ContainerImage;
  readonly executionRole: iam.IRole;
}

/**
 * The three Raft leaders: one ECS service of exactly one task per node, each with a stable DNS
 * name in Cloud Map (leader-N.workcluster.internal) and its own directory on one encrypted EFS
 * file system, so a node that is replaced, on whichever host, comes back with its Raft log.
 */
export class Leaders extends Construct {
  readonly fileSystem: efs.FileSystem;
  readonly logGroup: logs.LogGroup;
  readonly services: ecs.FargateService[] = [];
  readonly taskDefinitions: ecs.FargateTaskDefinition[] = [];

  constructor(scope: Construct, id: string, props: LeadersProps) {
    super(scope, id);
    const { network } = props;

    const efsSecurityGroup = new ec2.SecurityGroup(this, 'EfsSecurityGroup', {
      vpc: network.vpc,
      description: 'workcluster Raft data: NFS from the leaders only',
      allowAllOutbound: false,
    });
    this.fileSystem = new efs.FileSystem(this, 'RaftData', {
      vpc: network.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: efsSecurityGroup,
      encrypted: true,
      // Raft appends small entries all the time: elastic throughput bills what is written
      // instead of a bursting baseline that a small file system would exhaust.
      throughputMode: efs.ThroughputMode.ELASTIC,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      // The policies below say who may mount; this only stops CDK from adding its own
      // statement that would let any client reaching a mount target write as root.
      allowAnonymousAccess: true,
    });
    this.fileSystem.connections.allowDefaultPortFrom(network.leaderSecurityGroup, 'NFS from the leaders');
    // Nobody mounts without TLS or outside an access point (the file system's root holds every
    // node's directory). Who may mount which access point is said by each node's task role below.
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyWithoutTls',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOutsideAccessPoints',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
        conditions: { Null: { 'elasticfilesystem:AccessPointArn': 'true' } },
      }),
    );

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });

    // Every node lists the whole group, itself included (node id = its Raft address).
    const peers = leaderIndexes()
      .map((n) => `n${n}=${leaderHost(n)}:${RAFT_PORT}`)
      .join(',');

    for (const n of leaderIndexes()) {
      this.addLeader(n, peers, props);
    }
  }

  private addLeader(n: number, peers: string, props: LeadersProps): void {
    const { config, network } = props;
    const scope = new Construct(this, `Leader${n}`);
    const name = `leader-${n}`;

    const accessPoint = this.fileSystem.addAccessPoint(`AccessPoint${n}`, {
      path: `/${name}`,
      posixUser: { uid: APP_UID, gid: APP_UID },
      createAcl: { ownerUid: APP_UID, ownerGid: APP_UID, permissions: '750' },
    });
    // Each node's role may mount only its own access point: one node cannot read or damage
    // another node's Raft log, even by misconfiguration.
    const taskRole = new iam.Role(scope, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `workcluster ${name}: mounts its own Raft data directory`,
    });
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        resources: [this.fileSystem.fileSystemArn],
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': accessPoint.accessPointArn } },
      }),
    );

    const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
      family: `workcluster-${name}`,
      cpu: config.leaderCpu,
      memoryLimitMiB: config.leaderMemoryMiB,
      executionRole: props.executionRole,
      taskRole,
      volumes: [
        {
          name: 'data',
          efsVolumeConfiguration: {
            fileSystemId: this.fileSystem.fileSystemId,
            transitEncryption: 'ENABLED',
            authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
          },
        },
      ],
    });
    Tags.of(taskDefinition).add('workcluster:role', name);

    const behindNginx = config.mtls === 'nginx';
    const environment: Record<string, string> = {
      WORKCLUSTER_NODE_ID: `n${n}`,
      WORKCLUSTER_PEERS: peers,
      // Where workers and clients reach this node (redirects name it): its stable DNS name,
      // on the port its nginx listens on in nginx mode.
      WORKCLUSTER_NODE_ADVERTISE: `${leaderHost(n)}:${CLIENT_PORT}`,
      WORKCLUSTER_DATA_DIR: DATA_DIR,
      WORKCLUSTER_BIND: behindNginx ? '127.0.0.1' : '0.0.0.0',
      WORKCLUSTER_PORT: String(behindNginx ? LOOPBACK_CLIENT_PORT : CLIENT_PORT),
      WORKCLUSTER_RPC_PORT: String(behindNginx ? LOOPBACK_RPC_PORT : RPC_PORT),
      WORKCLUSTER_RAFT_PORT: String(RAFT_PORT),
      WORKCLUSTER_HEARTBEAT_TIMEOUT: '30s',
    };
    if (config.mtls === 'native') {
      Object.assign(environment, {
        WORKCLUSTER_TLS_CERT: TLS_CERT,
        WORKCLUSTER_TLS_KEY: TLS_KEY,
        WORKCLUSTER_TLS_CLIENT_CA: TLS_CA,
        WORKCLUSTER_RAFT_TLS: 'true',
      });
    }
    if (behindNginx) {
      // nginx, on loopback in the same task, names the verified caller in a header.
      environment.WORKCLUSTER_TRUSTED_PROXY = '127.0.0.1';
    }

    // The node's own health over gRPC: SERVING once it has caught up with the Raft log, leader or
    // follower. A JVM start costs about a second, hence the generous timeout and interval. With
    // mTLS the check dials the TLS port (nginx's in nginx mode) with the node's own certificate,
    // which names the node's DNS name.
    const health = [JAVA, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', APP_CLASSPATH];
    health.push('dev.workcluster.cli.Main', 'health', '--leader', `127.0.0.1:${CLIENT_PORT}`, '--timeout', '3s');
    if (config.mtls !== 'off') {
      health.push('--tls-ca', TLS_CA, '--tls-cert', TLS_CERT, '--tls-key', TLS_KEY);
      health.push('--tls-server-name', leaderHost(n));
    }

    const leader = taskDefinition.addContainer('leader', {
      containerName: 'leader',
      image: props.image,
      command: ['leader'],
      environment,
      essential: true,
      portMappings: (behindNginx ? [RAFT_PORT] : [CLIENT_PORT, RPC_PORT, RAFT_PORT]).map((port) => ({
        containerPort: port,
      })),
      healthCheck: {
        command: ['CMD', ...health],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(10),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
      // On SIGTERM a leader hands leadership to a peer and exits within a few seconds.
      stopTimeout: Duration.seconds(30),
      logging: ecs.LogDriver.awsLogs({ logGroup: this.logGroup, streamPrefix: name }),
    });
    leader.addMountPoints({ sourceVolume: 'data', containerPath: DATA_DIR, readOnly: false });

    if (config.mtls !== 'off') {
      const init = addTlsFiles(scope, taskDefinition, config.leaderTlsSecretArn!, config.initImage, this.logGroup, name);
      useTlsFiles(leader, init);
      if (behindNginx) {
        const upstream = `127.0.0.1:${LOOPBACK_CLIENT_PORT}`;
        addNginxSidecar(taskDefinition, init, config.nginxImage, upstream, this.logGroup, name);
      }
    }

    const service = new ecs.FargateService(scope, 'Service', {
      cluster: network.cluster,
      taskDefinition,
      desiredCount: 1,
      // Two tasks of one node must never run at once: both would open the same Raft log on the
      // same access point and, as the same Raft member, could vote twice or corrupt the log.
      // So a deployment stops the old task before it starts the new one (a few seconds without
      // this node, which the other two cover), instead of ECS's default start-then-stop.
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      securityGroups: [network.leaderSecurityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      // EFS volumes need Fargate platform 1.4.0 or later.
      platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
      cloudMapOptions: {
        name,
        cloudMapNamespace: network.namespace,
        dnsRecordType: servicediscovery.DnsRecordType.A,
        // A replaced node comes back on a new IP address; peers and workers see it within seconds.
        dnsTtl: Duration.seconds(10),
      },
    });
    // A task that starts before the mount targets exist fails to mount its volume.
    service.node.addDependency(this.fileSystem.mountTargetsAvailable);
    // CloudFormation updates a service only once the one before it is stable again, so a new
    // image or setting rolls through the nodes one by one instead of stopping all three at once.
    const previous = this.services[this.services.length - 1];
    if (previous) service.node.addDependency(previous);
    this.services.push(service);
    this.taskDefinitions.push(taskDefinition);
  }
}
