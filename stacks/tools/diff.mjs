#!/usr/bin/env node
// Human-readable diff of two CloudFormation templates (JSON), using @aws-cdk/cloudformation-diff,
// the library behind `cdk diff`.
//
// Usage: node stacks/tools/diff.mjs <old-template.json> <new-template.json>
//
// A missing old template is treated as an empty template {} (everything is added).
// Exit codes: 0 = no differences, 1 = the templates differ (like `cdk diff --fail`),
// 2 = usage error or a template that cannot be read.

import fs from 'node:fs';
import * as cfnDiff from '@aws-cdk/cloudformation-diff';

const { fullDiff, formatDifferences, formatSecurityChanges, Formatter, ResourceImpact } = cfnDiff;

function usage(msg) {
  if (msg) console.error(`diff.mjs: ${msg}`);
  console.error('usage: node stacks/tools/diff.mjs <old-template.json> <new-template.json>');
  process.exit(2);
}

function readTemplate(file, { missingOk }) {
  if (missingOk && !fs.existsSync(file)) return { template: {}, missing: true };
  let template;
  try {
    template = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    usage(`cannot read template ${file}: ${e.message}`);
  }
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    usage(`${file} is not a CloudFormation template object`);
  }
  return { template, missing: false };
}

const args = process.argv.slice(2);
if (args.length !== 2 || args.some((a) => a.startsWith('-'))) usage();
const [oldFile, newFile] = args;
const oldT = readTemplate(oldFile, { missingOk: true });
const newT = readTemplate(newFile, { missingOk: false });

const diff = fullDiff(oldT.template, newT.template);
const out = process.stdout;

if (oldT.missing) console.log(`note: ${oldFile} does not exist; comparing against an empty template`);

// ---- Security-relevant changes (IAM statements/policies, security group rules) ----
console.log('Security-relevant changes');
console.log('=========================');
const iamChanged = diff.permissionsAnyChanges;
const sgChanged = diff.securityGroupChanges.hasChanges;
if (!iamChanged && !sgChanged) {
  console.log('none');
} else {
  console.log(`IAM statement/policy changes: ${iamChanged ? 'yes' : 'no'}`);
  console.log(`Security group changes: ${sgChanged ? 'yes' : 'no'}`);
  // The library's heuristic: any added IAM statement/managed policy or security group rule.
  console.log(`Permissions broadened: ${diff.permissionsBroadened ? 'yes' : 'no'}`);
  if (typeof formatSecurityChanges === 'function') formatSecurityChanges(out, diff);
}
console.log('');

// ---- Resources ----
let added = 0, changed = 0, replaced = 0, mayReplace = 0, removed = 0;
diff.resources.forEachDifference((_logicalId, change) => {
  if (change.isAddition) added++;
  else if (change.isRemoval) removed++;
  else if (change.changeImpact === ResourceImpact.WILL_REPLACE) replaced++;
  else if (change.changeImpact === ResourceImpact.MAY_REPLACE) mayReplace++;
  else changed++;
});
const otherSections = ['parameters', 'metadata', 'mappings', 'conditions', 'outputs', 'unknown']
  .map((k) => [k, diff[k]?.differenceCount ?? 0]).filter(([, n]) => n > 0);
const templateLevel = [diff.awsTemplateFormatVersion, diff.transform, diff.description].filter(Boolean).length;

console.log('Resources');
console.log('=========');
console.log(`${added} added, ${changed} changed, ${replaced} replaced, ${removed} removed`
  + (mayReplace ? `, ${mayReplace} may be replaced` : ''));
if (otherSections.length || templateLevel) {
  const parts = otherSections.map(([k, n]) => `${k} ${n}`);
  if (templateLevel) parts.unshift(`template attributes ${templateLevel}`);
  console.log(`Other changes: ${parts.join(', ')}`);
}
console.log('');

// process.exitCode instead of process.exit() so piped stdout is always flushed completely.
if (diff.isEmpty) {
  console.log('There were no differences');
  process.exitCode = 0;
} else if (typeof Formatter === 'function') {
  // The library's full rendering. formatDifferences() would repeat the security tables printed
  // above, so render the same sections through the library's Formatter without them.
  const f = new Formatter(out, {}, diff);
  if (diff.awsTemplateFormatVersion || diff.transform || diff.description) {
    f.printSectionHeader('Template');
    f.formatDifference('AWSTemplateFormatVersion', 'AWSTemplateFormatVersion', diff.awsTemplateFormatVersion);
    f.formatDifference('Transform', 'Transform', diff.transform);
    f.formatDifference('Description', 'Description', diff.description);
    f.printSectionFooter();
  }
  f.formatSection('Parameters', 'Parameter', diff.parameters);
  f.formatSection('Metadata', 'Metadata', diff.metadata);
  f.formatSection('Mappings', 'Mapping', diff.mappings);
  f.formatSection('Conditions', 'Condition', diff.conditions);
  f.formatSection('Resources', 'Resource', diff.resources, f.formatResourceDifference.bind(f));
  f.formatSection('Outputs', 'Output', diff.outputs);
  f.formatSection('Other Changes', 'Unknown', diff.unknown);
  process.exitCode = 1;
} else {
  formatDifferences(out, diff);
  process.exitCode = 1;
}
