#!/usr/bin/env node
// Runs the cdk-nag AwsSolutions rule pack against synthesized CloudFormation templates.
//
// Usage: node stacks/tools/nag.mjs <template.json>...
//
// For each template: load it with CfnInclude into a throw-away App/Stack, apply
// AwsSolutionsChecks as an aspect, synth, and collect every cdk-nag error/warning annotation.
// Suppressions are read by cdk-nag itself from each resource's `Metadata.cdk_nag.rules_to_suppress`
// (CfnInclude carries resource Metadata into the L1 construct). Template-level
// `Metadata.cdk_nag` (stack-wide suppressions) is moved into the stack's templateOptions,
// because CfnInclude does not put it where cdk-nag looks.
//
// Exit codes: 0 = no unsuppressed findings, 1 = at least one finding (error, warning, or an
// invalid suppression), 2 = usage error or a template that cannot be read/loaded.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Aspects, CfnElement, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks, VALIDATION_FAILURE_ID } from 'cdk-nag';

const MIN_REASON_LENGTH = 10; // cdk-nag rejects (throws on) shorter reasons
const PACK_PREFIX = 'AwsSolutions-';

function usage(msg) {
  if (msg) console.error(`nag.mjs: ${msg}`);
  console.error('usage: node stacks/tools/nag.mjs <template.json>...');
  process.exit(2);
}

/** Decode a reason the way cdk-nag does (non-Latin-1 reasons are stored base64 encoded). */
function decodeReason(s) {
  if (typeof s?.reason !== 'string') return undefined;
  return s.is_reason_encoded ? Buffer.from(s.reason, 'base64').toString() : s.reason;
}

/** Same checks as cdk-nag's NagSuppressionHelper.getSuppressionFormatError, plus trimming. */
function suppressionProblem(s) {
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return 'suppression entry is not an object';
  if (typeof s.id !== 'string' || s.id.length === 0) return "suppression has no 'id'";
  const problems = [];
  if (/\[.*\]/.test(s.id)) problems.push(`'id' contains a finding; use 'applies_to' for "${s.id}"`);
  const reason = decodeReason(s);
  if (reason === undefined) problems.push("'reason' is missing");
  else if (reason.trim().length < MIN_REASON_LENGTH) {
    problems.push(`'reason' must be at least ${MIN_REASON_LENGTH} characters (got ${JSON.stringify(reason)})`);
  }
  const appliesTo = s.applies_to ?? s.appliesTo;
  if (appliesTo !== undefined) {
    if (!Array.isArray(appliesTo)) problems.push("'applies_to' must be an array");
    else {
      for (const a of appliesTo) {
        if (typeof a === 'string') continue;
        const m = typeof a?.regex === 'string' ? a.regex.match(/\/(.*)\/(.*)?/) : null;
        try {
          if (!m) throw new Error();
          new RegExp(m[1], m[2] || '');
        } catch {
          problems.push(`invalid applies_to entry ${JSON.stringify(a)} (use a string or {"regex": "/.../flags"})`);
        }
      }
    }
  }
  return problems.length ? problems.join('; ') : undefined;
}

/**
 * Validate the cdk_nag metadata of one scope (a resource or the whole template).
 * Returns the valid suppressions; invalid ones become findings and are removed, because cdk-nag
 * would otherwise throw and abort the whole synth.
 */
function splitSuppressions(cdkNag, logicalId, findings) {
  if (cdkNag === undefined) return undefined;
  const list = cdkNag?.rules_to_suppress;
  if (!Array.isArray(list)) {
    findings.push({ logicalId, rule: 'CdkNagSuppression', level: 'error',
      message: "invalid suppression: Metadata.cdk_nag.rules_to_suppress must be an array" });
    return [];
  }
  const valid = [];
  for (const s of list) {
    const problem = suppressionProblem(s);
    if (problem) {
      findings.push({ logicalId, rule: typeof s?.id === 'string' ? s.id : 'CdkNagSuppression', level: 'error',
        message: `invalid suppression, ignored: ${problem}` });
    } else {
      valid.push(s);
    }
  }
  return valid;
}

/** A suppression with applies_to gets its reason reported by cdk-nag as "[<findingId>] reason". */
function stripFindingPrefix(reason, findingId) {
  const prefix = `[${findingId ?? ''}] `;
  return reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
}

function firstLine(s) {
  return String(s).split('\n')[0].trim();
}

function checkTemplate(file) {
  let template;
  try {
    template = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read template ${file}: ${e.message}`);
  }
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    throw new Error(`${file} is not a CloudFormation template object`);
  }

  const findings = [];   // {logicalId, rule, level, message}
  const suppressed = []; // {logicalId, rule, reason}
  const declared = [];   // {logicalId, id} every valid suppression, to report unused ones

  // 1. Validate suppressions ourselves (cdk-nag throws on the first invalid one).
  const sanitized = structuredClone(template);
  for (const [logicalId, res] of Object.entries(sanitized.Resources ?? {})) {
    if (res?.Metadata?.cdk_nag === undefined) continue;
    const valid = splitSuppressions(res.Metadata.cdk_nag, logicalId, findings);
    res.Metadata.cdk_nag = { ...res.Metadata.cdk_nag, rules_to_suppress: valid };
    for (const s of valid) declared.push({ logicalId, id: s.id });
  }
  let stackSuppressions;
  if (sanitized.Metadata?.cdk_nag !== undefined) {
    stackSuppressions = splitSuppressions(sanitized.Metadata.cdk_nag, '(template)', findings);
    for (const s of stackSuppressions) declared.push({ logicalId: '(template)', id: s.id });
    delete sanitized.Metadata.cdk_nag; // moved to stack.templateOptions below
    if (Object.keys(sanitized.Metadata).length === 0) delete sanitized.Metadata;
  }

  // 2. Load into a throw-away app. CfnInclude needs a file, so write the sanitized copy.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bstore-nag-'));
  try {
    const templateFile = path.join(work, 'template.json');
    fs.writeFileSync(templateFile, JSON.stringify(sanitized));
    const app = new App({
      outdir: path.join(work, 'cdk.out'),
      analyticsReporting: false,
      context: { 'aws:cdk:disable-stack-trace': true }, // much faster annotations
    });
    const stack = new Stack(app, 'NagCheck', {
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    if (stackSuppressions?.length) {
      stack.templateOptions.metadata = { ...(stack.templateOptions.metadata ?? {}),
        cdk_nag: { rules_to_suppress: stackSuppressions } };
    }
    new CfnInclude(stack, 'Template', { templateFile });

    const logicalIdOf = (construct) => (construct instanceof CfnElement
      ? String(stack.resolve(construct.logicalId)) : construct.node.id);

    // Record every applied suppression (cdk-nag's AnnotationLogger only does so with logIgnores).
    const suppressionLogger = {
      onCompliance() {}, onNonCompliance() {}, onError() {}, onNotApplicable() {},
      onSuppressed(d) {
        suppressed.push({ logicalId: logicalIdOf(d.resource),
          rule: d.findingId ? `${d.ruleId}[${d.findingId}]` : d.ruleId, baseRule: d.ruleId,
          reason: stripFindingPrefix(d.suppressionReason, d.findingId) });
      },
      onSuppressedError(d) {
        suppressed.push({ logicalId: logicalIdOf(d.resource), rule: `${VALIDATION_FAILURE_ID}[${d.ruleId}]`,
          baseRule: VALIDATION_FAILURE_ID, altRule: d.ruleId, // either id suppresses a validation failure
          reason: stripFindingPrefix(d.errorSuppressionReason, '') });
      },
    };
    Aspects.of(app).add(new AwsSolutionsChecks({
      verbose: true,
      reports: false, // no CSV report files
      additionalLoggers: [suppressionLogger],
    }));
    app.synth();

    // 3. Findings = cdk-nag error/warning annotations on any construct.
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        const level = entry.type === 'aws:cdk:error' ? 'error' : entry.type === 'aws:cdk:warning' ? 'warning' : undefined;
        if (!level) continue;
        const data = String(entry.data);
        // "AwsSolutions-IAM5[Action::*]: info explanation" or
        // "CdkNagValidationFailure[AwsSolutions-XX]: rule threw an error ..." (a rule could not evaluate)
        const m = data.match(/^((?:AwsSolutions-[A-Za-z0-9]+|CdkNagValidationFailure)(?:\[.*?\])?): ([\s\S]*)$/);
        if (!m) continue; // not a cdk-nag message
        findings.push({ logicalId: logicalIdOf(construct), rule: m[1], level, message: firstLine(m[2]) });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  // Suppressions that did not suppress anything (stale, or the rule id/applies_to is wrong).
  const unused = declared.filter((d) => !suppressed.some((s) =>
    (s.baseRule === d.id || s.altRule === d.id) && (d.logicalId === '(template)' || s.logicalId === d.logicalId)));

  return { findings, suppressed, unused };
}

const files = process.argv.slice(2);
if (files.length === 0) usage('no template given');
if (files.some((f) => f.startsWith('-'))) usage(`unknown option ${files.find((f) => f.startsWith('-'))}`);

let failed = false;
for (const file of files) {
  let result;
  try {
    result = checkTemplate(file);
  } catch (e) {
    console.error(`nag.mjs: ${file}: ${e.message}`);
    process.exitCode = 2;
    break;
  }
  const { findings, suppressed, unused } = result;
  console.log(`== ${file}`);
  for (const f of findings) console.log(`${file}: ${f.logicalId} ${f.rule} [${f.level}]: ${f.message}`);
  for (const s of suppressed) console.log(`suppressed ${s.logicalId} ${s.rule}: ${s.reason}`);
  for (const u of unused) console.log(`note: unused suppression ${u.logicalId} ${u.id} (matched no finding)`);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  console.log(`cdk-nag: ${findings.length} findings (${errors} errors, ${warnings} warnings), ${suppressed.length} suppressed`);
  if (findings.length > 0) failed = true;
}
// process.exitCode instead of process.exit() so piped stdout is always flushed completely.
if (process.exitCode !== 2) process.exitCode = failed ? 1 : 0;
