/**
 * The helpers every template plugin gets: deterministic YAML/JSON, name casing, the shared cloud
 * name, `eq`, and `warn`/`error` to report findings the way code plugins do with their context.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { cloudName } from '../model/wiring.ts';
import { toStableJson, toStableYaml } from '../serialize.ts';
import type { SourceSpan } from '../model/span.ts';
import type { TargetContext } from '../target.ts';

/** Words of a name: split at anything not a letter or digit and at lower→upper case changes. */
function words(text: string): string[] {
  return String(text)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

const casing = {
  snakeCase: (text: string) => words(text).join('_'),
  kebabCase: (text: string) => words(text).join('-'),
  camelCase: (text: string) => words(text).map((word, index) => (index === 0 ? word : capitalize(word))).join(''),
  pascalCase: (text: string) => words(text).map(capitalize).join(''),
  upper: (text: string) => String(text).toUpperCase(),
};

/** Indents every line but the first by `indent` spaces and drops the trailing newline. */
function placed(text: string, indent: unknown): string {
  const trimmed = text.replace(/\n$/, '');
  const spaces = typeof indent === 'number' && indent > 0 ? ' '.repeat(indent) : '';
  return spaces ? trimmed.replace(/\n/g, `\n${spaces}`) : trimmed;
}

/** `{{toJson value}}` serializes a value; `{{#toJson}}…{{/toJson}}` encodes what the block renders as one string. */
function serializer(serialize: (value: unknown) => string): HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    // Nothing (a missing member) is written as null, which `format: json|yaml` then leaves out.
    const value = args.length ? (args[0] ?? null) : options.fn(this);
    return placed(serialize(value), options.hash.indent);
  };
}

type Root = { system?: { name?: string }; environment?: { name?: string }; entity?: { span?: SourceSpan } };

export function templateHelpers(context: TargetContext): Record<string, HelperDelegate> {
  const report = (severity: 'warning' | 'error', code: unknown, rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    const span = (options.data.root as Root).entity?.span;
    context.report({ code: String(code), message: rest.map(String).join(''), severity, ...(span ? { span } : {}) });
    return '';
  };
  const single = (helper: (text: string) => string): HelperDelegate => (value: unknown) => helper(String(value));
  return {
    toJson: serializer((value) => toStableJson(value)),
    toYaml: serializer((value) => toStableYaml(value)),
    snakeCase: single(casing.snakeCase),
    kebabCase: single(casing.kebabCase),
    camelCase: single(casing.camelCase),
    pascalCase: single(casing.pascalCase),
    upper: single(casing.upper),
    eq: (a: unknown, b: unknown) => a === b,
    // {{cloudName name [maxLength] [env=…]}}: `<system>-<env>-<name>`, as every target names cloud resources.
    cloudName(name: unknown, ...rest: unknown[]) {
      const options = rest.pop() as HelperOptions;
      const root = options.data.root as Root;
      const env = options.hash.env ?? root.environment?.name;
      if (typeof env !== 'string') throw new Error('cloudName needs an environment: use it in a rule for an environment or an entity, or pass env=…');
      const maxLength = typeof rest[0] === 'number' ? rest[0] : undefined;
      return cloudName(String(root.system?.name), env, String(name), maxLength);
    },
    // {{warn "CODE" "text " name " more text"}}: the message is the other arguments joined; in a
    // rule for an entity the finding points at that entity in system.yaml.
    warn: (code: unknown, ...rest: unknown[]) => report('warning', code, rest),
    error: (code: unknown, ...rest: unknown[]) => report('error', code, rest),
  };
}
