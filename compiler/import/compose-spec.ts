/**
 * The keys the Compose Specification defines, where the import checks them: a key outside these
 * lists (and not an `x-` extension) is a typo or not Compose at all.
 */
export const TOP_LEVEL_KEYS = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;

export const SERVICE_KEYS = [
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command', 'configs',
  'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares',
  'cpus', 'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt',
  'dns_search', 'domainname', 'driver_opts', 'entrypoint', 'env_file', 'environment', 'expose', 'extends', 'external_links',
  'extra_hosts', 'gpus', 'group_add', 'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'label_file', 'labels',
  'links', 'logging', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models',
  'network_mode', 'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start',
  'pre_stop', 'privileged', 'profiles', 'provider', 'pull_policy', 'read_only', 'restart', 'runtime', 'scale', 'secrets',
  'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs', 'tty',
  'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes', 'volumes_from', 'working_dir',
] as const;

export const BUILD_KEYS = [
  'context', 'dockerfile', 'dockerfile_inline', 'args', 'ssh', 'cache_from', 'cache_to', 'additional_contexts', 'entitlements',
  'extra_hosts', 'isolation', 'labels', 'network', 'no_cache', 'platforms', 'privileged', 'pull', 'secrets', 'shm_size', 'tags',
  'target', 'ulimits', 'provenance', 'sbom',
] as const;

export const DEPLOY_KEYS = ['endpoint_mode', 'labels', 'mode', 'placement', 'replicas', 'resources', 'restart_policy', 'rollback_config', 'update_config'] as const;

export const HEALTHCHECK_KEYS = ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'] as const;

export const PORT_KEYS = ['target', 'published', 'protocol', 'host_ip', 'mode', 'name', 'app_protocol'] as const;

/** Settings that change nothing a deployed service does (names, terminal, logging): dropped without a warning. */
export const COSMETIC_KEYS = new Set(['container_name', 'labels', 'label_file', 'annotations', 'stdin_open', 'tty', 'logging', 'pull_policy', 'platform', 'attach', 'networks', 'init', 'stop_signal', 'develop']);

/** Settings the import reads; everything else in SERVICE_KEYS is reported as dropped. */
export const MAPPED_KEYS = new Set([
  'image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'expose', 'depends_on', 'healthcheck', 'volumes',
  'secrets', 'deploy', 'restart', 'user', 'read_only', 'profiles', 'extends', 'hostname', 'links', 'cpus', 'mem_limit', 'scale',
  'configs', 'tmpfs',
]);

/** Why a setting has no place in system.yaml, for the IMPORT_DROPPED message. */
export const DROP_REASONS: Record<string, string> = {
  privileged: 'infragen never runs privileged containers',
  network_mode: 'every workload gets its own network identity; host and container network modes do not exist in the cloud targets',
  devices: 'host devices are not available to cloud workloads',
  cap_add: 'containers run with every capability dropped',
  pid: 'containers do not share process namespaces',
  ipc: 'containers do not share IPC namespaces',
  extra_hosts: 'host names resolve through the platform\'s DNS',
  dns: 'host names resolve through the platform\'s DNS',
  dns_search: 'host names resolve through the platform\'s DNS',
  working_dir: 'system.yaml has no working directory: set WORKDIR in the Dockerfile',
  volumes_from: 'containers share no volumes',
  external_links: 'only the system\'s own services are reachable by name',
  security_opt: 'infragen sets its own (no-new-privileges)',
  ulimits: 'limits are the platform\'s',
  sysctls: 'kernel parameters are the platform\'s',
  shm_size: 'the shared-memory size is the platform\'s',
  stop_grace_period: 'the platform\'s default grace period applies',
  gpus: 'system.yaml has no GPU workloads',
};
