import * as fs from 'fs';
import * as path from 'path';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { APP_UID, CLIENT_PORT, RPC_PORT } from './config';

/** Where the PEM files appear in the containers that read them. */
export const TLS_DIR = '/run/workcluster-tls';
export const TLS_CA = `${TLS_DIR}/ca.pem`;
export const TLS_CERT = `${TLS_DIR}/cert.pem`;
export const TLS_KEY = `${TLS_DIR}/key.pem`;
const TLS_VOLUME = 'tls';

/**
 * The workcluster image has no shell, so it cannot turn secrets (which ECS hands over as
 * environment variables) into the files it reads. A short-lived init container from a small
 * public image with a shell writes them into a task-scoped volume, owned by the app's user and
 * readable by nobody else, and exits. The containers that need them mount the volume read-only
 * and start only once it has succeeded.
 *
 * The secret is a Secrets Manager secret whose value is JSON: {"ca": PEM, "cert": PEM, "key": PEM}.
 */
export function addTlsFiles(
  scope: Construct,
  taskDefinition: ecs.FargateTaskDefinition,
  secretArn: string,
  image: string,
  logGroup: logs.ILogGroup,
  streamPrefix: string,
): ecs.ContainerDefinition {
  const secret = secretsmanager.Secret.fromSecretCompleteArn(scope, 'TlsSecret', secretArn);
  taskDefinition.addVolume({ name: TLS_VOLUME });
  const init = taskDefinition.addContainer('tls-init', {
    containerName: 'tls-init',
    image: ecs.ContainerImage.fromRegistry(image),
    essential: false,
    memoryReservationMiB: 32,
    // root only to chown the files to the app's user; the script touches nothing else.
    user: '0',
    command: [
      'sh',
      '-c',
      `umask 077 && printenv TLS_CA >${TLS_CA} && printenv TLS_CERT >${TLS_CERT} && printenv TLS_KEY >${TLS_KEY} ` +
        `&& chown ${APP_UID}:${APP_UID} ${TLS_CA} ${TLS_CERT} ${TLS_KEY}`,
    ],
    secrets: {
      TLS_CA: ecs.Secret.fromSecretsManager(secret, 'ca'),
      TLS_CERT: ecs.Secret.fromSecretsManager(secret, 'cert'),
      TLS_KEY: ecs.Secret.fromSecretsManager(secret, 'key'),
    },
    logging: ecs.LogDriver.awsLogs({ logGroup, streamPrefix: `${streamPrefix}-tls-init` }),
  });
  init.addMountPoints({ sourceVolume: TLS_VOLUME, containerPath: TLS_DIR, readOnly: false });
  return init;
}

/** Mounts the TLS files read-only into `container`, which starts once the init container has written them. */
export function useTlsFiles(container: ecs.ContainerDefinition, init: ecs.ContainerDefinition): void {
  container.addMountPoints({ sourceVolume: TLS_VOLUME, containerPath: TLS_DIR, readOnly: true });
  container.addContainerDependencies({ container: init, condition: ecs.ContainerDependencyCondition.SUCCESS });
}

/**
 * deploy/nginx/workcluster.conf, filled in for a sidecar: nginx listens on both client ports
 * (the node's cluster.v1 port serves scheduler.v1 too, so one upstream is enough) and logs to
 * stdout/stderr, which ECS sends to CloudWatch. Comment lines are dropped to keep the task
 * definition small; the file beside this app is the commented original.
 */
export function nginxConfig(upstream: string): string {
  // Compiled to deploy/ecs/dist/lib: the template is three levels up, in deploy/nginx.
  const original = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'nginx', 'workcluster.conf'), 'utf8');
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) {
      throw new Error(`deploy/nginx/workcluster.conf no longer contains '${from}'; update lib/tls.ts`);
    }
    return text.replace(from, to);
  };
  // Comments first: the header names every placeholder too.
  let conf = original
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .join('\n')
    .concat('\n');
  conf = replace(conf, 'listen {{LISTEN}} ssl http2;', `listen ${CLIENT_PORT} ssl http2;\n        listen ${RPC_PORT} ssl http2;`);
  conf = replace(conf, '{{UPSTREAM}}', upstream);
  conf = replace(conf, '{{SERVER_CERT}}', TLS_CERT);
  conf = replace(conf, '{{SERVER_KEY}}', TLS_KEY);
  conf = replace(conf, '{{CLIENT_CA}}', TLS_CA);
  conf = replace(conf, 'error_log logs/error.log notice;', 'error_log stderr notice;');
  conf = replace(conf, 'access_log logs/access.log workcluster;', 'access_log /dev/stdout workcluster;');
  if (conf.includes('{{')) {
    throw new Error('deploy/nginx/workcluster.conf has a placeholder lib/tls.ts does not fill in');
  }
  return conf;
}

/**
 * The nginx sidecar of one leader: it writes the configuration it gets in NGINX_CONF (a literal
 * in the template, so what runs is what the template says) and runs nginx in the foreground as
 * the app's user, which can read the key files and needs no privileged port.
 */
export function addNginxSidecar(
  taskDefinition: ecs.FargateTaskDefinition,
  init: ecs.ContainerDefinition,
  image: string,
  upstream: string,
  logGroup: logs.ILogGroup,
  streamPrefix: string,
): ecs.ContainerDefinition {
  const nginx = taskDefinition.addContainer('nginx', {
    containerName: 'nginx',
    image: ecs.ContainerImage.fromRegistry(image),
    essential: true,
    memoryReservationMiB: 64,
    user: `${APP_UID}:${APP_UID}`,
    command: [
      'sh',
      '-c',
      'mkdir -p /tmp/nginx/logs && printenv NGINX_CONF >/tmp/nginx/workcluster.conf ' +
        "&& exec nginx -p /tmp/nginx/ -c /tmp/nginx/workcluster.conf -g 'daemon off;'",
    ],
    environment: { NGINX_CONF: nginxConfig(upstream) },
    portMappings: [{ containerPort: CLIENT_PORT }, { containerPort: RPC_PORT }],
    logging: ecs.LogDriver.awsLogs({ logGroup, streamPrefix: `${streamPrefix}-nginx` }),
  });
  useTlsFiles(nginx, init);
  return nginx;
}
