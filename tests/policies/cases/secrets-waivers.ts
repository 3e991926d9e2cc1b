import { baselineConfig, baselineInput, baselineObjects, objectsWith, resourcesWith, type Json } from '../fixtures';
import type { RuleCases } from './types';

const podinfoEnv = (env: Json[]) => baselineInput({ objects: objectsWith('Deployment', 'podinfo', (d) => (d.spec.template.spec.containers[0].env = env)) });
const annotated = (annotations: Record<string, string>, edit: (d: Json) => void = () => undefined) =>
  baselineInput({
    objects: objectsWith('Deployment', 'podinfo', (d) => {
      d.metadata.annotations = annotations;
      edit(d);
    }),
  });
const hostNetwork = (d: Json) => (d.spec.template.spec.hostNetwork = true);

const DEPLOYMENT = 'apps/Deployment/podinfo';
const ENV = 'spec.template.spec.containers[0].env';
const FIX =
  'store it as a Pulumi secret (`pulumi config set --secret`) or in a Kubernetes Secret created outside the manifests, and reference it (secretKeyRef, secretRef, existingSecret)';
const HOST_NETWORK = {
  ruleId: 'workload-no-host-network',
  subject: DEPLOYMENT,
  path: 'spec.template.spec.hostNetwork',
  message: "(true) puts the pod on the node's network; remove it and expose the pod through a Service",
};
const WAIVE_HOST_NETWORK = 'policy.canary-platform.dev/waive-workload-no-host-network';

export const SECRET_AND_WAIVER_CASES: Record<string, RuleCases> = {
  'secret-no-plaintext': {
    passes: [
      { name: 'secret values wrapped (runtime mocks) or redacted, secure config, keys that only name secrets', input: baselineInput() },
      {
        name: 'env from a secretKeyRef, a ${VAR} reference, and setting-like names',
        input: podinfoEnv([
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'podinfo-db', key: 'password' } } },
          { name: 'API_TOKEN', value: '${API_TOKEN}' },
          { name: 'TOKEN_URL', value: 'https://auth.example.com/oauth/token' },
        ]),
      },
      {
        name: 'a Secret with no data (filled by an operator)',
        input: baselineInput({ objects: [...baselineObjects(), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'apps' }, type: 'kubernetes.io/tls' }] }),
      },
    ],
    fails: [
      {
        name: 'Secret data and stringData in a manifest',
        input: baselineInput({ objects: [...baselineObjects(), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'apps' }, data: { password: 'aHVudGVyMg==' }, stringData: { user: 'app' } }] }),
        violations: [
          { ruleId: 'secret-no-plaintext', subject: 'apps/Secret/db', path: 'data.password', message: 'is a literal Secret value in a manifest, so it ends up in Git and in logs; create the Secret outside the manifests (Pulumi secret, External Secrets, Secret Manager CSI) and keep only the reference' },
          { ruleId: 'secret-no-plaintext', subject: 'apps/Secret/db', path: 'stringData.user', message: 'is a literal Secret value in a manifest, so it ends up in Git and in logs; create the Secret outside the manifests (Pulumi secret, External Secrets, Secret Manager CSI) and keep only the reference' },
        ],
      },
      {
        name: 'a password, a Slack webhook and a URL with credentials in env',
        input: podinfoEnv([
          { name: 'DB_PASSWORD', value: 'hunter2' },
          { name: 'ALERTS', value: 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX' },
          { name: 'DATABASE_URL', value: 'postgres://app:s3cret@db.internal:5432/app' },
        ]),
        violations: [
          { ruleId: 'secret-no-plaintext', subject: DEPLOYMENT, path: `${ENV}[0].value`, message: `is named like a secret (DB_PASSWORD) and holds a literal value; ${FIX}` },
          { ruleId: 'secret-no-plaintext', subject: DEPLOYMENT, path: `${ENV}[1].value`, message: `holds a Slack webhook URL in plaintext; ${FIX}` },
          { ruleId: 'secret-no-plaintext', subject: DEPLOYMENT, path: `${ENV}[2].value`, message: `holds a URL with an embedded password in plaintext; ${FIX}` },
        ],
      },
      {
        name: 'an inline webhook address on a Flagger AlertProvider',
        input: baselineInput({
          objects: [...baselineObjects(), { apiVersion: 'flagger.app/v1beta1', kind: 'AlertProvider', metadata: { name: 'on-call', namespace: 'apps' }, spec: { type: 'discord', address: 'https://discord.com/api/webhooks/1234567890/abcdefghijklmnop' } }],
        }),
        violations: [{ ruleId: 'secret-no-plaintext', subject: 'apps/AlertProvider/on-call', path: 'spec.address', message: `holds a Discord webhook URL in plaintext; ${FIX}` }],
      },
      {
        name: 'a plaintext Grafana password in Helm values',
        input: baselineInput({ resources: resourcesWith('kube-prometheus-stack', (r) => (r.inputs.values.grafana.adminPassword = 'admin123')) }),
        violations: [{ ruleId: 'secret-no-plaintext', subject: 'kubernetes:helm.sh/v3:Release::kube-prometheus-stack', path: 'values.grafana.adminPassword', message: `is named like a secret (adminPassword) and holds a literal value; ${FIX}` }],
      },
      {
        name: 'plaintext secrets in stack config',
        input: baselineInput({ config: { ...baselineConfig(), 'canary-platform:alerts': { slackWebhookUrl: 'https://hooks.slack.com/services/T1/B1/abcdef' }, 'canary-platform:grafanaApiKey': 'glsa_abcdef0123456789' } }),
        violations: [
          { ruleId: 'secret-no-plaintext', subject: 'config::canary-platform:alerts', path: 'canary-platform:alerts.slackWebhookUrl', message: `holds a Slack webhook URL in plaintext; ${FIX}` },
          { ruleId: 'secret-no-plaintext', subject: 'config::canary-platform:grafanaApiKey', path: 'canary-platform:grafanaApiKey', message: `is named like a secret (grafanaApiKey) and holds a literal value; ${FIX}` },
        ],
      },
    ],
  },
  'waiver-has-reason': {
    passes: [{ name: 'a reasoned waiver', input: annotated({ [WAIVE_HOST_NETWORK]: 'node-local DNS cache needs the host network until GKE NodeLocal DNSCache is enabled' }, hostNetwork) }],
    fails: [
      {
        name: 'a placeholder reason: the waiver is refused and the violation stands',
        input: annotated({ [WAIVE_HOST_NETWORK]: 'TODO' }, hostNetwork),
        violations: [
          { ruleId: 'waiver-has-reason', subject: DEPLOYMENT, path: `metadata.annotations["${WAIVE_HOST_NETWORK}"]`, message: 'has a reason ("TODO") that explains nothing; write at least 3 words saying why the rule does not apply here and until when; until then the waiver of workload-no-host-network is ignored' },
          HOST_NETWORK,
        ],
      },
      {
        name: 'an empty reason',
        input: annotated({ [WAIVE_HOST_NETWORK]: ' ' }, hostNetwork),
        violations: [
          { ruleId: 'waiver-has-reason', subject: DEPLOYMENT, path: `metadata.annotations["${WAIVE_HOST_NETWORK}"]`, message: 'has no reason; say why the rule does not apply here and until when; until then the waiver of workload-no-host-network is ignored' },
          HOST_NETWORK,
        ],
      },
      {
        name: 'a resource waiver with a trivial reason',
        input: baselineInput({
          resources: resourcesWith('prod-gke', (r) => (r.inputs.deletionProtection = false)),
          resourceWaivers: { 'gke-deletion-protection': { 'gcp:container/cluster:Cluster::prod-gke': 'temporary fix' } },
        }),
        violations: [
          { ruleId: 'gke-deletion-protection', subject: 'gcp:container/cluster:Cluster::prod-gke', path: 'deletionProtection', message: '(false) lets Pulumi delete the cluster; remove it or set it to true' },
          { ruleId: 'waiver-has-reason', subject: 'gcp:container/cluster:Cluster::prod-gke', path: 'waivers.gke-deletion-protection', message: 'has a reason ("temporary fix") that explains nothing; write at least 3 words saying why the rule does not apply here and until when; until then the waiver of gke-deletion-protection is ignored' },
        ],
      },
    ],
  },
  'waiver-known-rule': {
    passes: [{ name: 'a waiver naming a rule', input: annotated({ [WAIVE_HOST_NETWORK]: 'node-local DNS cache needs the host network until GKE NodeLocal DNSCache is enabled' }, hostNetwork) }],
    fails: [
      {
        name: 'a misspelt rule id',
        input: annotated({ 'policy.canary-platform.dev/waive-workload-host-network': 'node-local DNS cache needs the host network until NodeLocal DNSCache' }),
        violations: [
          {
            ruleId: 'waiver-known-rule',
            subject: DEPLOYMENT,
            path: 'metadata.annotations["policy.canary-platform.dev/waive-workload-host-network"]',
            message: 'waives "workload-host-network", which is not a rule; did you mean workload-no-host-network?',
          },
        ],
      },
      {
        name: 'a waiver of a waiver rule',
        input: annotated({ 'policy.canary-platform.dev/waive-waiver-has-reason': 'we do not want to write reasons for our waivers' }),
        violations: [{ ruleId: 'waiver-known-rule', subject: DEPLOYMENT, path: 'metadata.annotations["policy.canary-platform.dev/waive-waiver-has-reason"]', message: 'waives "waiver-has-reason", which is not a rule; see docs/policies.md for the rule ids' }],
      },
    ],
  },
};
