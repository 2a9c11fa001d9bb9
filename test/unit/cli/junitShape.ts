/**
 * A strict reader of JUnit XML: well-formed (sax in strict mode) and shaped as the Jenkins/Ant
 * JUnit schema (jenkinsci/xunit-plugin junit-10.xsd, the one CI servers validate against) says:
 * which elements may hold which, the attributes each may have and must have, and the time format.
 * Returns every violation; an empty list means the document conforms.
 */
import { createRequire } from 'node:module';

interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}
interface SaxParser {
  onopentag: (tag: SaxTag) => void;
  onclosetag: (name: string) => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  onerror: (error: Error) => void;
  write(text: string): SaxParser;
  close(): void;
}
// sax has no types of its own (a declared dev dependency, used only here).
const sax = createRequire(__filename)('sax') as { parser(strict: boolean): SaxParser };

/** Element -> the children it may have, the attributes it may have, the ones it must have, whether text is allowed. */
const RULES: Record<string, { children: string[]; attributes: string[]; required: string[]; text: boolean }> = {
  testsuites: { children: ['testsuite'], attributes: ['name', 'time', 'tests', 'failures', 'errors'], required: [], text: false },
  testsuite: {
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    attributes: ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
    required: ['name', 'tests', 'failures', 'errors'],
    text: false,
  },
  properties: { children: ['property'], attributes: [], required: [], text: false },
  property: { children: [], attributes: ['name', 'value'], required: ['name', 'value'], text: false },
  testcase: {
    children: ['skipped', 'error', 'failure', 'rerunFailure', 'rerunError', 'flakyFailure', 'flakyError', 'system-out', 'system-err'],
    attributes: ['name', 'time', 'classname', 'group'],
    required: ['name'],
    text: false,
  },
  failure: { children: [], attributes: ['type', 'message'], required: [], text: true },
  error: { children: [], attributes: ['type', 'message'], required: [], text: true },
  skipped: { children: [], attributes: ['type', 'message'], required: [], text: true },
  'system-out': { children: [], attributes: [], required: [], text: true },
  'system-err': { children: [], attributes: [], required: [], text: true },
};

/** xs:pattern of SUREFIRE_TIME in junit-10.xsd (the `time` of suites). */
const SUREFIRE_TIME = /^(?:(?:[0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(?:\.[0-9]*)?$/;

export function junitViolations(xml: string): string[] {
  const violations: string[] = [];
  const stack: string[] = [];
  let root: string | undefined;
  const parser = sax.parser(true);
  parser.onerror = (error) => {
    violations.push(`not well-formed: ${error.message.split('\n')[0]}`);
    throw error;
  };
  parser.onopentag = (tag) => {
    const parent = stack[stack.length - 1];
    const rule = RULES[tag.name];
    if (!rule) violations.push(`unknown element <${tag.name}>`);
    if (parent === undefined) {
      root = tag.name;
      if (tag.name !== 'testsuites' && tag.name !== 'testsuite') violations.push(`root must be <testsuites> or <testsuite>, not <${tag.name}>`);
    } else if (RULES[parent] && !RULES[parent].children.includes(tag.name)) {
      violations.push(`<${tag.name}> is not allowed in <${parent}>`);
    }
    if (rule) {
      for (const name of Object.keys(tag.attributes)) if (!rule.attributes.includes(name)) violations.push(`<${tag.name}> has no attribute "${name}" in the schema`);
      for (const name of rule.required) if (!(name in tag.attributes)) violations.push(`<${tag.name}> lacks required "${name}"`);
    }
    if ((tag.name === 'testsuite' || tag.name === 'testsuites') && 'time' in tag.attributes && !SUREFIRE_TIME.test(tag.attributes.time)) {
      violations.push(`<${tag.name}> time "${tag.attributes.time}" does not match SUREFIRE_TIME`);
    }
    stack.push(tag.name);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const text = (value: string) => {
    const parent = stack[stack.length - 1];
    if (parent && value.trim() !== '' && RULES[parent] && !RULES[parent].text) violations.push(`<${parent}> may not hold text`);
  };
  parser.ontext = text;
  parser.oncdata = text;
  try {
    parser.write(xml).close();
  } catch {
    // reported by onerror
  }
  if (root === undefined) violations.push('no root element');
  return violations;
}
