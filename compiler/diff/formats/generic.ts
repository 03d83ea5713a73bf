/**
 * Files no format knows: JSON and YAML are compared as data (one object per file, or per YAML
 * document), anything else line by line. Files of one folder form one scope (their ids are their names).
 */
import { parseYamlDocuments } from './kubernetes.ts';
import { iamWildcardRule } from '../rules/common.ts';
import { folderOf, type FormatHandler } from './format.ts';

export const jsonFormat: FormatHandler = {
  id: 'json',
  matches: (relative) => relative.endsWith('.json'),
  group: folderOf,
  parse: (file, contents) => [{ id: file.split('/').pop()!, type: 'file', names: [], value: JSON.parse(contents) as unknown, file }],
  // Plugin output (task definitions, policies) still gets the IAM wildcard check.
  rules: [iamWildcardRule('json')],
};

export const yamlFormat: FormatHandler = {
  id: 'yaml',
  matches: (relative) => /\.ya?ml$/.test(relative),
  group: folderOf,
  parse(file, contents) {
    const documents = parseYamlDocuments(contents);
    const base = file.split('/').pop()!;
    return documents.map((value, index) => ({ id: documents.length > 1 ? `${base}#${index + 1}` : base, type: 'file', names: [], value, file }));
  },
  rules: [iamWildcardRule('yaml')],
};

/** Text is compared as a list of lines; the field diff then shows the first lines that differ. */
export const textFormat: FormatHandler = {
  id: 'text',
  matches: () => true,
  group: folderOf,
  parse: (file, contents) => [{ id: file.split('/').pop()!, type: 'file', names: [], value: { lines: contents.split('\n') }, file }],
  rules: [],
};
