/**
 * `validate` ≡ `build`: every check a target makes runs in `validate` too (the target's `check`,
 * without emitting), for the same selection of environments, targets and plugins. Each case here
 * passed `validate` and failed `build` before targets had a check step.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vpcCidr } from '../../schema/primitives.ts';
import { runCli } from '../helpers/cli.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const fixture = (name: string) => path.join('test', 'fixtures', name, 'system.yaml');

async function verdicts(args: string[]) {
  const validate = await runCli(['validate', ...args], ROOT);
  const build = await runCli(['build', ...args, '--check', '-o', path.join('test', 'no-such-output')], ROOT);
  return { validate, build };
}

describe('validate finds what build finds', () => {
  it('Terraform: a 45s alarm period, dead letters of a queue without one, storage below RDS minimum, a probe without a host', async () => {
    const { validate, build } = await verdicts([fixture('target-terraform-checks')]);
    expect(validate.code).toBe(1);
    expect(build.code).toBe(1);
    for (const [code, line] of [['TERRAFORM_DATABASE_STORAGE', 13], ['TERRAFORM_ALARM_PERIOD', 23], ['TERRAFORM_ALARM_NO_DEAD_LETTER_QUEUE', 25], ['TERRAFORM_PROBE_URL', 26]] as const) {
      // At the field's own line, not the alarm's or database's name.
      expect(validate.stderr).toMatch(new RegExp(`error\\[${code}\\][^\\n]*\\n\\s+--> [^\\n]*system\\.yaml:${line}:`));
    }
    expect(validate.stderr).not.toContain('TARGET_FAILED');
  });

  it('honours --target: the Terraform-only faults pass a compose-only validate and build', async () => {
    const validate = await runCli(['validate', fixture('target-terraform-checks'), '--target', 'compose'], ROOT);
    expect(validate.code, validate.stderr).toBe(0);
  });

  it('runs a plugin target\'s check: ECS_NO_NETWORK is reported by validate', async () => {
    const args = [path.join('examples', 'hitsave', 'system.yaml'), '--plugin', './examples/plugins/ecs-fargate/index.mjs'];
    const { validate, build } = await verdicts(args);
    expect(validate.code).toBe(1);
    expect(build.code).toBe(1);
    expect(validate.stderr).toContain('error[ECS_NO_NETWORK]');
    expect(validate.stderr).toContain('error[ECS_NO_EFS]');
  });

  it.each(['target-compose-checks', 'target-kubernetes-checks', 'target-serverless-checks'])('%s fails validate with the errors build reports', async (name) => {
    const { validate, build } = await verdicts([fixture(name)]);
    expect(validate.code).toBe(1);
    const errors = (text: string) => text.split('\n').filter((line) => line.startsWith('error[')).sort();
    expect(errors(validate.stderr)).toEqual(errors(build.stderr));
    expect(errors(validate.stderr).length).toBeGreaterThan(0);
  });

  it('an invalid CIDR is a schema error at its line, not a target bug', async () => {
    const { validate, build } = await verdicts([fixture('invalid-cidr')]);
    expect(validate.code).toBe(1);
    expect(build.code).toBe(1);
    expect(validate.stderr).toMatch(/error\[INVALID_FORMAT\][^\n]*999\.0\.0\.0\/16[^\n]*\n\s+--> [^\n]*system\.yaml:5:/);
    expect(build.stderr).not.toContain('TARGET_FAILED');
  });

  it('a CIDR with host bits set names the block it starts', () => {
    const parsed = vpcCidr.safeParse('10.0.3.0/16');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('must start at its block\'s first address: 10.0.0.0/16, not 10.0.3.0/16');
    expect(vpcCidr.safeParse('10.1.0.0/16').success).toBe(true);
  });
});
