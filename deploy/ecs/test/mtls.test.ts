// The two mTLS switches: -c mtls=native and -c mtls=nginx.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { synthTemplate } from '../lib/template';
import {
  LEADER_SECRET,
  WORKER_SECRET,
  container,
  environment,
  resourcesOfType,
  taskDefinition,
  templateJson,
} from './helpers';

const TLS_FILES = {
  ca: '/run/workcluster-tls/ca.pem',
  cert: '/run/workcluster-tls/cert.pem',
  key: '/run/workcluster-tls/key.pem',
};

/** The init container that writes one secret's PEMs into the task's TLS volume. */
function assertTlsInit(mtls: 'native' | 'nginx', family: string, secretArn: string): void {
  const init = container(mtls, family, 'tls-init');
  assert.equal(init.Essential, false);
  assert.equal(init.Image, 'public.ecr.aws/docker/library/busybox:1.37');
  assert.equal(init.Command?.[0], 'sh');
  assert.match(String(init.Command?.[2]), /chown 10001:10001/);
  assert.deepEqual(
    init.Secrets.map((s: any) => [s.Name, s.ValueFrom]),
    [
      ['TLS_CA', `${secretArn}:ca::`],
      ['TLS_CERT', `${secretArn}:cert::`],
      ['TLS_KEY', `${secretArn}:key::`],
    ],
  );
  assert.deepEqual(init.MountPoints, [{ ContainerPath: '/run/workcluster-tls', ReadOnly: false, SourceVolume: 'tls' }]);
  assert.ok(taskDefinition(mtls, family).Volumes.some((v: any) => v.Name === 'tls' && !v.EFSVolumeConfiguration));
}

/** `name` mounts the TLS files read-only and starts once the init container has succeeded. */
function assertUsesTlsFiles(mtls: 'native' | 'nginx', family: string, name: string): void {
  const def = container(mtls, family, name);
  assert.deepEqual(def.DependsOn, [{ Condition: 'SUCCESS', ContainerName: 'tls-init' }]);
  assert.ok(
    def.MountPoints.some(
      (m: any) => m.SourceVolume === 'tls' && m.ContainerPath === '/run/workcluster-tls' && m.ReadOnly === true,
    ),
  );
}

function healthArgs(mtls: 'native' | 'nginx', n: number): unknown[] {
  return container(mtls, `workcluster-leader-${n}`, 'leader').HealthCheck.Command.slice(8);
}

const TLS_HEALTH = (n: number) => [
  '--leader',
  '127.0.0.1:50051',
  '--timeout',
  '3s',
  '--tls-ca',
  TLS_FILES.ca,
  '--tls-cert',
  TLS_FILES.cert,
  '--tls-key',
  TLS_FILES.key,
  '--tls-server-name',
  `leader-${n}.workcluster.internal`,
];

describe('mtls=native', () => {
  for (const n of [1, 2, 3]) {
    const family = `workcluster-leader-${n}`;
    it(`${family}: TLS files from Secrets Manager, Raft over TLS`, () => {
      const env = environment(container('native', family, 'leader'));
      assert.equal(env.WORKCLUSTER_TLS_CERT, TLS_FILES.cert);
      assert.equal(env.WORKCLUSTER_TLS_KEY, TLS_FILES.key);
      assert.equal(env.WORKCLUSTER_TLS_CLIENT_CA, TLS_FILES.ca);
      assert.equal(env.WORKCLUSTER_RAFT_TLS, 'true');
      assert.equal(env.WORKCLUSTER_BIND, '0.0.0.0');
      assert.equal(env.WORKCLUSTER_PORT, '50051');
      assert.equal(env.WORKCLUSTER_TRUSTED_PROXY, undefined);
      assertTlsInit('native', family, LEADER_SECRET);
      assertUsesTlsFiles('native', family, 'leader');
      assert.deepEqual(healthArgs('native', n), TLS_HEALTH(n));
      assert.deepEqual(
        taskDefinition('native', family).ContainerDefinitions.map((c: any) => c.Name).sort(),
        ['leader', 'tls-init'],
      );
    });
  }

  it('the execution role reads both secrets', () => {
    const text = JSON.stringify(resourcesOfType('native', 'AWS::IAM::Policy'));
    assert.ok(text.includes(LEADER_SECRET) && text.includes(WORKER_SECRET));
  });
});

describe('mtls=nginx', () => {
  for (const n of [1, 2, 3]) {
    const family = `workcluster-leader-${n}`;
    it(`${family}: the leader on loopback behind nginx, which terminates mTLS on 50051 and 50052`, () => {
      const leader = container('nginx', family, 'leader');
      const env = environment(leader);
      assert.equal(env.WORKCLUSTER_BIND, '127.0.0.1');
      assert.equal(env.WORKCLUSTER_PORT, '51051');
      assert.equal(env.WORKCLUSTER_RPC_PORT, '51052');
      assert.equal(env.WORKCLUSTER_TRUSTED_PROXY, '127.0.0.1');
      assert.equal(env.WORKCLUSTER_NODE_ADVERTISE, `leader-${n}.workcluster.internal:50051`);
      assert.equal(env.WORKCLUSTER_TLS_CERT, undefined);
      assert.equal(env.WORKCLUSTER_RAFT_TLS, undefined);
      assert.deepEqual(
        leader.PortMappings.map((p: any) => p.ContainerPort),
        [50053],
      );
      assert.deepEqual(healthArgs('nginx', n), TLS_HEALTH(n));
      assertTlsInit('nginx', family, LEADER_SECRET);
      assertUsesTlsFiles('nginx', family, 'leader');
      assertUsesTlsFiles('nginx', family, 'nginx');

      const nginx = container('nginx', family, 'nginx');
      assert.equal(nginx.Essential, true);
      assert.equal(nginx.Image, 'public.ecr.aws/docker/library/nginx:1.28');
      assert.equal(nginx.User, '10001:10001');
      assert.deepEqual(
        nginx.PortMappings.map((p: any) => p.ContainerPort),
        [50051, 50052],
      );
      const conf = String(environment(nginx).NGINX_CONF);
      for (const line of [
        'listen 50051 ssl http2;',
        'listen 50052 ssl http2;',
        'server 127.0.0.1:51051;',
        `ssl_certificate ${TLS_FILES.cert};`,
        `ssl_certificate_key ${TLS_FILES.key};`,
        `ssl_client_certificate ${TLS_FILES.ca};`,
        'ssl_verify_client on;',
        'grpc_set_header x-workcluster-client-subject $ssl_client_s_dn;',
        'error_log stderr notice;',
        'access_log /dev/stdout workcluster;',
      ]) {
        assert.ok(conf.includes(line), `nginx.conf lacks '${line}'`);
      }
      assert.ok(!conf.includes('{{'), 'every placeholder is filled in');
    });
  }
});

describe('workers with mTLS', () => {
  for (const mtls of ['native', 'nginx'] as const) {
    it(`mtls=${mtls}: a client certificate, the member id its CN names, one task`, () => {
      const worker = container(mtls, 'workcluster-worker', 'worker');
      const env = environment(worker);
      assert.equal(env.WORKCLUSTER_TLS_CA, TLS_FILES.ca);
      assert.equal(env.WORKCLUSTER_TLS_CERT, TLS_FILES.cert);
      assert.equal(env.WORKCLUSTER_TLS_KEY, TLS_FILES.key);
      assert.equal(env.WORKCLUSTER_WORKER_ID, 'w1');
      assertTlsInit(mtls, 'workcluster-worker', WORKER_SECRET);
      assertUsesTlsFiles(mtls, 'workcluster-worker', 'worker');
      assert.equal(resourcesOfType(mtls, 'AWS::ApplicationAutoScaling::ScalableTarget').length, 0);
      const [[, service]] = resourcesOfType(mtls, 'AWS::ECS::Service').filter(([id]) => id.startsWith('Workers'));
      assert.equal(service.Properties.DesiredCount, 1);
      assert.equal(service.Properties.DeploymentConfiguration.MaximumPercent, 100);
    });
  }
});

describe('context checks', () => {
  it('mTLS without secrets is refused at synth time', () => {
    assert.throws(() => synthTemplate({ mtls: 'native' }), /leaderTlsSecretArn/);
  });
  it('an unknown mode is refused', () => {
    assert.throws(() => synthTemplate({ mtls: 'yes' }), /mtls must be one of off, native, nginx/);
  });
  it('clientCidr replaces the VPC CIDR on the client ports', () => {
    const t = synthTemplate({ clientCidr: '10.20.0.0/16' });
    const rules = JSON.stringify(t.Resources);
    assert.ok(rules.includes('"CidrIp":"10.20.0.0/16"'));
    assert.ok(!rules.includes('"CidrIp":{"Fn::GetAtt"'));
  });
  it('every mode still has the three leaders and the worker', () => {
    for (const mtls of ['off', 'native', 'nginx'] as const) {
      const families = resourcesOfType(mtls, 'AWS::ECS::TaskDefinition').map(([, r]) => r.Properties.Family);
      assert.deepEqual(families.sort(), [
        'workcluster-leader-1',
        'workcluster-leader-2',
        'workcluster-leader-3',
        'workcluster-worker',
      ]);
      assert.ok(templateJson(mtls));
    }
  });
});
