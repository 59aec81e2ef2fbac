// The default stack (mtls=off): the resources that matter, property by property.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { container, environment, resourcesOfType, taskDefinition, template, templateJson } from './helpers';

const PEERS =
  'n1=leader-1.workcluster.internal:50053,n2=leader-2.workcluster.internal:50053,n3=leader-3.workcluster.internal:50053';
const LEADERS =
  'leader-1.workcluster.internal:50051,leader-2.workcluster.internal:50051,leader-3.workcluster.internal:50051';
const HEALTH = [
  'CMD',
  '/opt/java/bin/java',
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-cp',
  '/app/resources:/app/classes:/app/libs/*',
  'dev.workcluster.cli.Main',
  'health',
  '--leader',
  '127.0.0.1:50051',
  '--timeout',
  '3s',
];

/** The logical id of the one resource of `type` whose properties match `properties`. */
function logicalId(type: string, properties: Record<string, unknown>): string {
  const ids = Object.keys(template('off').findResources(type, { Properties: Match.objectLike(properties) }));
  assert.equal(ids.length, 1, `${ids.length} ${type} match ${JSON.stringify(properties)}`);
  return ids[0];
}

const LEADER_SG = 'workcluster leaders: client ports from workers and clients, Raft from leaders';

function securityGroupId(description: string): string {
  return logicalId('AWS::EC2::SecurityGroup', { GroupDescription: description });
}

/** Every inbound rule of a security group, inline or separate, as "port from source". */
function ingressOf(groupId: string): string[] {
  const t = templateJson('off');
  const rules: any[] = [...(t.Resources[groupId].Properties.SecurityGroupIngress ?? [])];
  for (const [, r] of resourcesOfType('off', 'AWS::EC2::SecurityGroupIngress')) {
    if (r.Properties.GroupId?.['Fn::GetAtt']?.[0] === groupId) rules.push(r.Properties);
  }
  return rules
    .map((r) => {
      assert.equal(r.FromPort, r.ToPort, 'single ports only');
      assert.equal(r.IpProtocol, 'tcp');
      const source = r.SourceSecurityGroupId?.['Fn::GetAtt']?.[0] ?? JSON.stringify(r.CidrIp);
      return `${r.FromPort} from ${source}`;
    })
    .sort();
}

describe('leaders', () => {
  for (const n of [1, 2, 3]) {
    const family = `workcluster-leader-${n}`;

    it(`${family}: command, environment, ports`, () => {
      const leader = container('off', family, 'leader');
      assert.deepEqual(leader.Command, ['leader']);
      assert.deepEqual(environment(leader), {
        WORKCLUSTER_NODE_ID: `n${n}`,
        WORKCLUSTER_PEERS: PEERS,
        WORKCLUSTER_NODE_ADVERTISE: `leader-${n}.workcluster.internal:50051`,
        WORKCLUSTER_DATA_DIR: '/var/lib/workcluster',
        WORKCLUSTER_BIND: '0.0.0.0',
        WORKCLUSTER_PORT: '50051',
        WORKCLUSTER_RPC_PORT: '50052',
        WORKCLUSTER_RAFT_PORT: '50053',
        WORKCLUSTER_HEARTBEAT_TIMEOUT: '30s',
      });
      assert.deepEqual(
        leader.PortMappings.map((p: any) => p.ContainerPort),
        [50051, 50052, 50053],
      );
      assert.equal(taskDefinition('off', family).ContainerDefinitions.length, 1);
      assert.deepEqual(leader.Image, { Ref: 'ImageUri' });
    });

    it(`${family}: health check, stop timeout, logs`, () => {
      const leader = container('off', family, 'leader');
      assert.deepEqual(leader.HealthCheck, { Command: HEALTH, Interval: 30, Timeout: 10, Retries: 3, StartPeriod: 60 });
      assert.equal(leader.StopTimeout, 30);
      assert.equal(leader.LogConfiguration.LogDriver, 'awslogs');
      assert.equal(leader.LogConfiguration.Options['awslogs-stream-prefix'], `leader-${n}`);
    });

    it(`${family}: its own EFS access point, with TLS and IAM auth, at the data dir`, () => {
      const def = taskDefinition('off', family);
      const accessPoint = logicalId('AWS::EFS::AccessPoint', {
        RootDirectory: {
          Path: `/leader-${n}`,
          CreationInfo: { OwnerUid: '10001', OwnerGid: '10001', Permissions: '750' },
        },
        PosixUser: { Uid: '10001', Gid: '10001' },
      });
      assert.deepEqual(def.Volumes, [
        {
          Name: 'data',
          EFSVolumeConfiguration: {
            FilesystemId: { Ref: logicalId('AWS::EFS::FileSystem', { Encrypted: true }) },
            TransitEncryption: 'ENABLED',
            AuthorizationConfig: { AccessPointId: { Ref: accessPoint }, IAM: 'ENABLED' },
          },
        },
      ]);
      assert.deepEqual(container('off', family, 'leader').MountPoints, [
        { ContainerPath: '/var/lib/workcluster', ReadOnly: false, SourceVolume: 'data' },
      ]);
      // The task role may mount that access point only.
      const role = def.TaskRoleArn['Fn::GetAtt'][0];
      const policies = resourcesOfType('off', 'AWS::IAM::Policy').filter(([, p]) =>
        p.Properties.Roles.some((r: any) => r.Ref === role),
      );
      assert.equal(policies.length, 1);
      const statements = policies[0][1].Properties.PolicyDocument.Statement;
      assert.equal(statements.length, 1);
      const [statement] = statements;
      assert.equal(statement.Effect, 'Allow');
      assert.deepEqual(statement.Action, ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']);
      assert.deepEqual(statement.Resource, { 'Fn::GetAtt': [logicalId('AWS::EFS::FileSystem', {}), 'Arn'] });
      const condition = JSON.stringify(statement.Condition.StringEquals['elasticfilesystem:AccessPointArn']);
      assert.ok(condition.includes(JSON.stringify({ Ref: accessPoint })), condition);
    });

    it(`${family}: one task at a time, named leader-${n} in Cloud Map`, () => {
      const t = template('off');
      const registry = logicalId('AWS::ServiceDiscovery::Service', { Name: `leader-${n}` });
      t.hasResourceProperties('AWS::ServiceDiscovery::Service', {
        Name: `leader-${n}`,
        DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 10 }] },
      });
      t.hasResourceProperties('AWS::ECS::Service', {
        TaskDefinition: { Ref: Match.stringLikeRegexp(`Leader${n}TaskDefinition`) },
        DesiredCount: 1,
        LaunchType: 'FARGATE',
        PlatformVersion: '1.4.0',
        DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 0, MaximumPercent: 100 }),
        ServiceRegistries: [{ RegistryArn: { 'Fn::GetAtt': [registry, 'Arn'] } }],
        NetworkConfiguration: {
          AwsvpcConfiguration: Match.objectLike({
            AssignPublicIp: 'DISABLED',
            SecurityGroups: [{ 'Fn::GetAtt': [securityGroupId(LEADER_SG), 'GroupId'] }],
          }),
        },
      });
    });
  }

  it('CloudFormation updates the leaders one after another', () => {
    const t = templateJson('off');
    const service = (n: number) =>
      resourcesOfType('off', 'AWS::ECS::Service').find(([, r]) =>
        r.Properties.TaskDefinition.Ref.includes(`Leader${n}TaskDefinition`),
      )!;
    const [id1] = service(1);
    const [id2, service2] = service(2);
    const [, service3] = service(3);
    assert.ok(service2.DependsOn.includes(id1));
    assert.ok(service3.DependsOn.includes(id2));
    assert.ok(!JSON.stringify(t.Resources[id1].DependsOn ?? []).includes('Service'));
  });

  it('the namespace has a literal name', () => {
    template('off').hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', {
      Name: 'workcluster.internal',
    });
  });

  it('one encrypted EFS file system that refuses plaintext and mounts outside access points', () => {
    const fs = resourcesOfType('off', 'AWS::EFS::FileSystem');
    assert.equal(fs.length, 1);
    const props = fs[0][1].Properties;
    assert.equal(props.Encrypted, true);
    assert.equal(fs[0][1].DeletionPolicy, 'Retain');
    const sids = props.FileSystemPolicy.Statement.map((s: any) => `${s.Effect} ${s.Sid}`);
    assert.deepEqual(sids, ['Deny DenyWithoutTls', 'Deny DenyOutsideAccessPoints']);
    assert.equal(resourcesOfType('off', 'AWS::EFS::AccessPoint').length, 3);
  });
});

describe('workers', () => {
  it('command and environment', () => {
    const worker = container('off', 'workcluster-worker', 'worker');
    assert.deepEqual(worker.Command, ['worker']);
    assert.deepEqual(environment(worker), {
      WORKCLUSTER_LEADER: LEADERS,
      WORKCLUSTER_SLOTS: '4',
      WORKCLUSTER_SHUTDOWN_GRACE: '100s',
      WORKCLUSTER_HANDLER: 'sleep',
    });
    assert.deepEqual(worker.Image, { Ref: 'ImageUri' });
  });

  it('stop timeout 120 s, above the shutdown grace; no health check, no port, no volume', () => {
    const worker = container('off', 'workcluster-worker', 'worker');
    assert.equal(worker.StopTimeout, 120);
    assert.equal(worker.HealthCheck, undefined);
    assert.equal(worker.PortMappings, undefined);
    assert.equal(taskDefinition('off', 'workcluster-worker').Volumes, undefined);
    assert.equal(worker.LogConfiguration.LogDriver, 'awslogs');
  });

  it('Fargate service scaled on CPU between the parameters', () => {
    const t = template('off');
    t.hasResourceProperties('AWS::ECS::Service', {
      TaskDefinition: { Ref: Match.stringLikeRegexp('WorkersTaskDefinition') },
      LaunchType: 'FARGATE',
      DesiredCount: Match.absent(),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: { Ref: 'WorkerMinCount' },
      MaxCapacity: { Ref: 'WorkerMaxCount' },
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
      }),
    });
    t.hasParameter('WorkerMinCount', { Type: 'Number', Default: 2 });
    t.hasParameter('WorkerMaxCount', { Type: 'Number', Default: 20 });
  });
});

describe('security groups', () => {
  const leaders = () => securityGroupId(LEADER_SG);

  it('leaders: client ports from workers and the VPC, Raft from leaders only', () => {
    const workers = securityGroupId('workcluster workers: no inbound traffic');
    const vpc = logicalId('AWS::EC2::VPC', {});
    const vpcCidr = JSON.stringify({ 'Fn::GetAtt': [vpc, 'CidrBlock'] });
    assert.deepEqual(
      ingressOf(leaders()),
      [
        `50051 from ${vpcCidr}`,
        `50051 from ${workers}`,
        `50052 from ${vpcCidr}`,
        `50052 from ${workers}`,
        `50053 from ${leaders()}`,
      ].sort(),
    );
  });

  it('workers: no inbound rule', () => {
    assert.deepEqual(ingressOf(securityGroupId('workcluster workers: no inbound traffic')), []);
  });

  it('EFS: NFS from the leaders only, no outbound', () => {
    const efs = securityGroupId('workcluster Raft data: NFS from the leaders only');
    assert.deepEqual(ingressOf(efs), [`2049 from ${leaders()}`]);
    const egress = templateJson('off').Resources[efs].Properties.SecurityGroupEgress;
    assert.equal(egress.length, 1);
    assert.equal(egress[0].CidrIp, '255.255.255.255/32'); // CDK's "no outbound" placeholder rule
  });
});

describe('logs and template', () => {
  it('every log group has a retention', () => {
    const groups = resourcesOfType('off', 'AWS::Logs::LogGroup');
    assert.equal(groups.length, 3); // leaders, workers, VPC flow logs
    for (const [, g] of groups) assert.equal(g.Properties.RetentionInDays, 30);
  });

  it('portable: no bootstrap parameter or rule, no CDK metadata, an image parameter', () => {
    const t = templateJson('off');
    assert.deepEqual(Object.keys(t.Parameters).sort(), ['ImageUri', 'WorkerMaxCount', 'WorkerMinCount']);
    assert.equal(t.Rules, undefined);
    assert.equal(resourcesOfType('off', 'AWS::CDK::Metadata').length, 0);
    assert.equal(JSON.stringify(t).includes('cdk-hnb659fds'), false, 'no bootstrap resources referenced');
  });
});
