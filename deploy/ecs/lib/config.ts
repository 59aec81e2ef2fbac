import { Node } from 'constructs';

/**
 * How callers prove who they are (see README.md, "mTLS modes"):
 * - off: plaintext, no roles (the committed template);
 * - native: the leader serves mutual TLS itself, Raft between the leaders too;
 * - nginx: an nginx sidecar terminates mutual TLS in front of a leader bound to loopback.
 */
export type MtlsMode = 'off' | 'native' | 'nginx';
export const MTLS_MODES: readonly MtlsMode[] = ['off', 'native', 'nginx'];

/** Names and ports the processes see. They end up as literal strings in the template. */
export const NAMESPACE = 'workcluster.internal';
export const LEADER_COUNT = 3;
export const CLIENT_PORT = 50051; // cluster.v1 (worker sessions, operator CLI; serves scheduler.v1 too)
export const RPC_PORT = 50052; // scheduler.v1 for seed clients
export const RAFT_PORT = 50053; // Raft, between leaders only
export const DATA_DIR = '/var/lib/workcluster';
export const APP_UID = '10001'; // the image's user and group
export const JAVA = '/opt/java/bin/java';
export const APP_CLASSPATH = '/app/resources:/app/classes:/app/libs/*';

export const leaderHost = (n: number) => `leader-${n}.${NAMESPACE}`;
export const leaderIndexes = () => Array.from({ length: LEADER_COUNT }, (_, i) => i + 1);

/** Everything the stack reads from CDK context (`-c key=value` or cdk.json), with defaults. */
export interface WorkclusterConfig {
  readonly mtls: MtlsMode;
  /** CIDR allowed to call the leaders' client ports besides the workers; undefined = the VPC's CIDR. */
  readonly clientCidr?: string;
  /** An existing VPC (looked up at synth time, needs AWS credentials); undefined = a new VPC. */
  readonly vpcId?: string;
  readonly natGateways: number;
  readonly containerInsights: boolean;
  readonly leaderCpu: number;
  readonly leaderMemoryMiB: number;
  readonly workerCpu: number;
  readonly workerMemoryMiB: number;
  readonly workerSlots: number;
  readonly workerCpuTarget: number;
  /** The worker's own TaskHandler class in a derived image; undefined = the built-in `sleep` handler. */
  readonly workerHandlerClass?: string;
  /** Secrets Manager secrets (full ARNs) holding JSON {"ca","cert","key"} PEMs; needed when mtls != off. */
  readonly leaderTlsSecretArn?: string;
  readonly workerTlsSecretArn?: string;
  /** The worker's member id in mTLS modes: it must equal the CN of the worker certificate. */
  readonly workerId: string;
  readonly initImage: string;
  readonly nginxImage: string;
}

function text(node: Node, key: string): string | undefined {
  const value = node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function whole(node: Node, key: string, fallback: number): number {
  const value = text(node, key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new Error(`context ${key} must be a positive whole number, got '${value}'`);
  }
  return parsed;
}

export function readConfig(node: Node): WorkclusterConfig {
  const mtls = (text(node, 'mtls') ?? 'off') as MtlsMode;
  if (!MTLS_MODES.includes(mtls)) {
    throw new Error(`context mtls must be one of ${MTLS_MODES.join(', ')}, got '${mtls}'`);
  }
  const config: WorkclusterConfig = {
    mtls,
    clientCidr: text(node, 'clientCidr'),
    vpcId: text(node, 'vpcId'),
    natGateways: whole(node, 'natGateways', 1),
    containerInsights: ['true', 'enabled'].includes(text(node, 'containerInsights') ?? 'false'),
    leaderCpu: whole(node, 'leaderCpu', 1024),
    leaderMemoryMiB: whole(node, 'leaderMemoryMiB', 2048),
    workerCpu: whole(node, 'workerCpu', 1024),
    workerMemoryMiB: whole(node, 'workerMemoryMiB', 2048),
    workerSlots: whole(node, 'workerSlots', 4),
    workerCpuTarget: whole(node, 'workerCpuTarget', 60),
    workerHandlerClass: text(node, 'workerHandlerClass'),
    leaderTlsSecretArn: text(node, 'leaderTlsSecretArn'),
    workerTlsSecretArn: text(node, 'workerTlsSecretArn'),
    workerId: text(node, 'workerId') ?? 'w1',
    // Public images with a shell, pulled through the NAT gateway; pinned to a minor version.
    initImage: text(node, 'initImage') ?? 'public.ecr.aws/docker/library/busybox:1.37',
    nginxImage: text(node, 'nginxImage') ?? 'public.ecr.aws/docker/library/nginx:1.28',
  };
  if (mtls !== 'off' && (!config.leaderTlsSecretArn || !config.workerTlsSecretArn)) {
    throw new Error(
      `mtls=${mtls} needs -c leaderTlsSecretArn=ARN and -c workerTlsSecretArn=ARN ` +
        '(Secrets Manager secrets with JSON keys ca, cert, key; see README.md)',
    );
  }
  return config;
}
