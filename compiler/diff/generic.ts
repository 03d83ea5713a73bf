/**
 * The generic format, for every file no target's format reads: JSON and YAML are compared as data
 * (one object per file, or per YAML document), anything else line by line. Files of one folder
 * form one scope (their ids are their names). Its only risk rule is the IAM wildcard check, which
 * any policy document gets; the generic secret rule runs as for every format.
 */
import type { DiffFormat } from './format.ts';
import { folderOf, iamWildcardRule, parseYamlDocuments } from './format-helpers.ts';

/** A generic format with the name it is reported under (`json`, `yaml`, `text`). */
export interface NamedFormat extends DiffFormat {
  name: string;
}

const baseName = (file: string) => file.split('/').pop()!;

const jsonFormat: NamedFormat = {
  name: 'json',
  matches: (relative) => relative.endsWith('.json'),
  group: folderOf,
  parse: (file, contents) => [{ id: baseName(file), type: 'file', value: JSON.parse(contents) as unknown, file }],
  risks: [iamWildcardRule('json')],
};

const yamlFormat: NamedFormat = {
  name: 'yaml',
  matches: (relative) => /\.ya?ml$/.test(relative),
  group: folderOf,
  parse(file, contents) {
    const documents = parseYamlDocuments(contents);
    return documents.map((value, index) => ({ id: documents.length > 1 ? `${baseName(file)}#${index + 1}` : baseName(file), type: 'file', value, file }));
  },
  risks: [iamWildcardRule('yaml')],
};

/** Text is compared as a list of lines; the field diff then shows the first lines that differ. */
export const textFormat: NamedFormat = {
  name: 'text',
  matches: () => true,
  group: folderOf,
  parse: (file, contents) => [{ id: baseName(file), type: 'file', value: { lines: contents.split('\n') }, file }],
  risks: [],
};

export const GENERIC_FORMATS: readonly NamedFormat[] = [jsonFormat, yamlFormat, textFormat];
