import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import { CLIENT_PORT, NAMESPACE, RAFT_PORT, RPC_PORT, WorkclusterConfig } from './config';

/**
 * The VPC, the ECS cluster, the private DNS namespace that gives the leaders stable names,
 * and the security groups. Nothing here listens on the internet: tasks run in private
 * subnets and reach ECR, CloudWatch and Secrets Manager through the NAT gateway.
 */
export class Network extends Construct {
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.Cluster;
  readonly namespace: servicediscovery.PrivateDnsNamespace;
  readonly leaderSecurityGroup: ec2.SecurityGroup;
  readonly workerSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, config: WorkclusterConfig) {
    super(scope, id);

    if (config.vpcId) {
      this.vpc = ec2.Vpc.fromLookup(this, 'Vpc', { vpcId: config.vpcId });
    } else {
      const vpc = new ec2.Vpc(this, 'Vpc', {
        maxAzs: 2,
        natGateways: config.natGateways,
        subnetConfiguration: [
          { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
          { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        ],
      });
      // Rejected traffic only: that is what explains a connection the security groups refuse,
      // at a fraction of the log volume of accepted traffic.
      const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      vpc.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
        trafficType: ec2.FlowLogTrafficType.REJECT,
      });
      this.vpc = vpc;
    }

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: config.containerInsights ? ecs.ContainerInsights.ENABLED : ecs.ContainerInsights.DISABLED,
    });

    this.namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', {
      name: NAMESPACE,
      vpc: this.vpc,
      description: 'Stable names of the workcluster leaders (leader-1, leader-2, leader-3)',
    });

    // Workers only dial out (one gRPC session stream to the leader): no inbound rule at all.
    this.workerSecurityGroup = new ec2.SecurityGroup(this, 'WorkerSecurityGroup', {
      vpc: this.vpc,
      description: 'workcluster workers: no inbound traffic',
      allowAllOutbound: true,
    });

    this.leaderSecurityGroup = new ec2.SecurityGroup(this, 'LeaderSecurityGroup', {
      vpc: this.vpc,
      description: 'workcluster leaders: client ports from workers and clients, Raft from leaders',
      allowAllOutbound: true,
    });
    const clients = config.clientCidr ? ec2.Peer.ipv4(config.clientCidr) : ec2.Peer.ipv4(this.vpc.vpcCidrBlock);
    for (const [port, what] of [
      [CLIENT_PORT, 'cluster.v1'],
      [RPC_PORT, 'scheduler.v1'],
    ] as const) {
      this.leaderSecurityGroup.addIngressRule(this.workerSecurityGroup, ec2.Port.tcp(port), `${what} from workers`);
      this.leaderSecurityGroup.addIngressRule(clients, ec2.Port.tcp(port), `${what} from clients`);
    }
    this.leaderSecurityGroup.addIngressRule(this.leaderSecurityGroup, ec2.Port.tcp(RAFT_PORT), 'Raft between leaders');
  }
}
