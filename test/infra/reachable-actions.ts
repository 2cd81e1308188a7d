/**
 * Which AWS actions a handler's code can call, read from the source: the local runtime enforces no IAM, so a
 * grant the catalog forgot (flag-follow-up's events:PutEvents) only fails deployed. The check in
 * handler-access.test.ts compares these actions with the synthesized role of each function.
 *
 * - ADAPTER_ACTIONS is the reviewed, static map from each adapter (functions/adapters/*, and the AWS-calling
 *   packages handlers import) to the IAM actions it calls; the test keeps it equal to the SDK commands each file
 *   constructs, so a new call cannot slip in unlisted.
 * - Per handler, the reachable actions come from the handler and service modules its entry imports
 *   (functions/handlers/**, functions/services/**):
 *   SDK commands they construct, adapter methods they call on `dependencies()` (method by method, following
 *   `this.x()` and helper calls inside the adapters), adapter functions and classes they import.
 *
 * Regex-based on the code base's formatting (two-space class methods, `^}` ending top-level functions); a unit
 * it cannot split is taken whole, so it errs towards more actions, never fewer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../../infra/constructs/journey-functions';

/** SDK command → IAM action. */
export const COMMAND_ACTIONS: Readonly<Record<string, string>> = {
  GetCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  PublishCommand: 'sns:Publish',
  PutEventsCommand: 'events:PutEvents',
  SendEmailCommand: 'ses:SendEmail',
  StartExecutionCommand: 'states:StartExecution',
  SendTaskSuccessCommand: 'states:SendTaskSuccess',
  SendTaskFailureCommand: 'states:SendTaskFailure',
  SendTaskHeartbeatCommand: 'states:SendTaskHeartbeat',
  DescribeExecutionCommand: 'states:DescribeExecution',
  ListExecutionsCommand: 'states:ListExecutions',
  GetExecutionHistoryCommand: 'states:GetExecutionHistory',
  StopExecutionCommand: 'states:StopExecution',
  ListStateMachineVersionsCommand: 'states:ListStateMachineVersions',
  DescribeStateMachineAliasCommand: 'states:DescribeStateMachineAlias',
  UpdateStateMachineAliasCommand: 'states:UpdateStateMachineAlias',
};

/** Commands only the local runtime and tests send (ensureTable): the stack owns the table in the cloud. */
const LOCAL_ONLY_COMMANDS = new Set(['CreateTableCommand', 'DescribeTableCommand']);

/** The reviewed map: adapter → the AWS actions it calls. */
export const ADAPTER_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'functions/adapters/audience-store.ts': ['dynamodb:Query', 'dynamodb:BatchGetItem'],
  'functions/adapters/backoff.ts': [],
  'functions/adapters/broadcast-store.ts': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
  'functions/adapters/client-config.ts': [],
  'functions/adapters/clients.ts': [],
  'functions/adapters/crisis-record.ts': ['dynamodb:PutItem', 'dynamodb:Query'],
  'functions/adapters/crisis-store.ts': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
  'functions/adapters/customer-items.ts': ['dynamodb:GetItem'],
  'functions/adapters/customer-stores.ts': [],
  'functions/adapters/decision-context-store.ts': ['dynamodb:GetItem', 'dynamodb:Query'],
  // Builds the clients; ensureTable's CreateTable/DescribeTable are the local runtime's and the tests' only.
  'functions/adapters/dynamodb-client.ts': [],
  'functions/adapters/dynamo-helpers.ts': ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
  'functions/adapters/email-sender.ts': ['ses:SendEmail'],
  // Reads the compiled email files next to the bundle: no AWS call.
  'functions/adapters/email-templates.ts': [],
  'functions/adapters/erasure-pointers.ts': ['dynamodb:Query'],
  'functions/adapters/erasure-store.ts': ['dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem'],
  'functions/adapters/event-dedup.ts': ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  'functions/adapters/eventbridge-client.ts': [],
  'functions/adapters/event-publisher.ts': ['events:PutEvents'],
  'functions/adapters/execution-log.ts': ['dynamodb:PutItem', 'dynamodb:Query'],
  'functions/adapters/freeze-store.ts': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
  'functions/adapters/hold-registry.ts': ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
  'functions/adapters/hold-state.ts': ['dynamodb:BatchGetItem'],
  'functions/adapters/journey-control-store.ts': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  'functions/adapters/journey-executions.ts': [
    'states:StartExecution',
    'states:SendTaskSuccess',
    'states:DescribeExecution',
    'states:StopExecution',
    'states:ListStateMachineVersions',
    'states:ListExecutions',
    'states:DescribeStateMachineAlias',
    'states:UpdateStateMachineAlias',
  ],
  'functions/adapters/experiment-store.ts': ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
  'functions/adapters/follow-ups.ts': ['dynamodb:PutItem', 'events:PutEvents'],
  'functions/adapters/index.ts': [],
  'functions/adapters/keys.ts': [],
  'functions/adapters/ledger-store.ts': [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    'dynamodb:BatchWriteItem',
  ],
  'functions/adapters/message-dead-letters.ts': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
  'functions/adapters/phone-lookup.ts': ['dynamodb:GetItem'],
  'functions/adapters/profile-store.ts': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
  'functions/adapters/provider-errors.ts': [],
  'functions/adapters/push-sender.ts': ['sns:Publish'],
  'functions/adapters/ses-client.ts': [],
  'functions/adapters/sfn-client.ts': [],
  'functions/adapters/sms-sender.ts': ['sns:Publish'],
  'functions/adapters/suppression-store.ts': ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
  'functions/adapters/sns-client.ts': [],
  'functions/adapters/survey-store.ts': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  'functions/adapters/table-definition.ts': [],
  'functions/adapters/wait-store.ts': ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
  // Packages that call AWS themselves.
  '@aws-lambda-powertools/parameters/secrets': ['secretsmanager:GetSecretValue'],
  '@aws-lambda-powertools/idempotency/dynamodb': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
};

const ADAPTERS_DIR = 'functions/adapters';
const HANDLERS_DIR = 'functions/handlers';
/** Business orchestration the handlers call (functions/services/**): followed like handler modules. */
const SERVICES_DIR = 'functions/services';
/** Wiring, not calls: it constructs every adapter for whichever handler asks. */
const WIRING = 'functions/handlers/runtime/dependencies.ts';
/** The factories `dependencies()` builds its members with (construction, not calls): wiring too. */
const WIRING_DIR = 'functions/handlers/runtime/wiring/';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const commandsIn = (text: string) => [...text.matchAll(/new ([A-Z][A-Za-z]*Command)\(/g)].map((m) => m[1]!);

function actionsOfCommands(commands: readonly string[], where: string): string[] {
  return commands.flatMap((command) => {
    if (LOCAL_ONLY_COMMANDS.has(command)) return [];
    const action = COMMAND_ACTIONS[command];
    if (!action) throw new Error(`${where} sends ${command}: add its IAM action to COMMAND_ACTIONS`);
    return [action];
  });
}

interface Unit {
  readonly file: string;
  readonly className?: string;
  readonly name: string;
  readonly body: string;
}

/** Every class method and top-level function of the adapters. */
function adapterUnits(): Unit[] {
  const units: Unit[] = [];
  for (const name of readdirSync(join(REPO_ROOT, ADAPTERS_DIR)).filter((n) => n.endsWith('.ts'))) {
    const file = `${ADAPTERS_DIR}/${name}`;
    const lines = read(file).split('\n');
    let className: string | undefined;
    let current: { className?: string; name: string; start: number } | undefined;
    const close = (end: number) => {
      if (current) units.push({ file, ...(current.className ? { className: current.className } : {}), name: current.name, body: lines.slice(current.start, end + 1).join('\n') });
      current = undefined;
    };
    lines.forEach((line, i) => {
      const classStart = /^(?:export )?(?:abstract )?class (\w+)/.exec(line);
      if (classStart) {
        className = classStart[1];
        return;
      }
      const fn = /^(?:export )?(?:async )?function\*? ?(\w+)/.exec(line);
      if (fn) {
        close(i - 1);
        className = undefined;
        current = { name: fn[1]!, start: i };
        return;
      }
      const method = className ? /^ {2}(?:(?:private|public|protected|static|readonly|override) )*(?:async )?(\w+)(?:<[^>]*>)?\(/.exec(line) : null;
      if (method && method[1] !== 'constructor') {
        close(i - 1);
        current = { className: className!, name: method[1]!, start: i };
        return;
      }
      if (/^}/.test(line)) {
        close(i);
        className = undefined;
      } else if (className && /^ {2}}/.test(line)) {
        close(i);
      }
    });
    close(lines.length - 1);
  }
  return units;
}

export interface AdapterIndex {
  /** Actions of a unit and everything it calls, by `Class.method` or function name. */
  actionsOf(key: string): Set<string>;
  /** Every method of a class. */
  classActions(className: string): Set<string>;
  classOf(name: string): boolean;
  /** Union of a file's units (what ADAPTER_ACTIONS must list). */
  fileActions(file: string): Set<string>;
  functionNames: ReadonlySet<string>;
}

export function indexAdapters(): AdapterIndex {
  const units = adapterUnits();
  const byKey = new Map<string, Unit[]>();
  const key = (u: Unit) => (u.className ? `${u.className}.${u.name}` : u.name);
  for (const unit of units) byKey.set(key(unit), [...(byKey.get(key(unit)) ?? []), unit]);
  const functionNames = new Set(units.filter((u) => !u.className).map((u) => u.name));
  const memo = new Map<string, Set<string>>();

  const actionsOf = (k: string, visiting = new Set<string>()): Set<string> => {
    const cached = memo.get(k);
    if (cached) return cached;
    if (visiting.has(k)) return new Set();
    visiting.add(k);
    const found = new Set<string>();
    for (const unit of byKey.get(k) ?? []) {
      for (const action of actionsOfCommands(commandsIn(unit.body), `${unit.file} ${k}`)) found.add(action);
      for (const [, callee] of unit.body.matchAll(/this\.(\w+)\(/g)) {
        if (unit.className) for (const action of actionsOf(`${unit.className}.${callee!}`, visiting)) found.add(action);
      }
      for (const [, callee] of unit.body.matchAll(/(?<![.\w])(\w+)\(/g)) {
        if (callee !== unit.name && functionNames.has(callee!)) for (const action of actionsOf(callee!, visiting)) found.add(action);
      }
    }
    visiting.delete(k);
    memo.set(k, found);
    return found;
  };
  const classes = new Set(units.flatMap((u) => (u.className ? [u.className] : [])));
  return {
    actionsOf: (k) => actionsOf(k),
    classActions: (className) => new Set(units.filter((u) => u.className === className).flatMap((u) => [...actionsOf(key(u))])),
    classOf: (name) => classes.has(name),
    fileActions: (file) => new Set(units.filter((u) => u.file === file).flatMap((u) => [...actionsOf(key(u))])),
    functionNames,
  };
}

/** `profiles` → `DynamoProfileStore`: the typed members of Adapters and Dependencies. */
function dependencyClasses(): Map<string, string> {
  const members = new Map<string, string>();
  for (const file of [`${ADAPTERS_DIR}/clients.ts`, `${ADAPTERS_DIR}/customer-stores.ts`, WIRING]) {
    for (const [, member, type] of read(file).matchAll(/^ {2}(\w+): (\w+);$/gm)) members.set(member!, type!);
  }
  return members;
}

/** The handler and service modules an entry reaches through value imports (type-only imports carry no calls). */
export function reachedHandlerFiles(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of read(file).matchAll(/^import (?!type )[^;]*?from '(\.[^']+)';/gms)) {
      const target = relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier!)).replace(/\.js$/, '');
      const path = existsSync(join(REPO_ROOT, `${target}.ts`)) ? `${target}.ts` : `${target}/index.ts`;
      if (path.startsWith(`${HANDLERS_DIR}/`) || path.startsWith(`${SERVICES_DIR}/`)) queue.push(path);
    }
  }
  return [...seen];
}

export interface Reachable {
  /** action → where it comes from (for readable failures). */
  readonly actions: Map<string, string>;
  /** The `dependencies()` members the handler's code uses (each must be wired into its bundle). */
  readonly members: Set<string>;
}

/** The AWS actions a handler entry can call. */
export function reachableActions(entry: string, adapters: AdapterIndex = indexAdapters()): Reachable {
  const actions = new Map<string, string>();
  const members = new Set<string>();
  const add = (found: Iterable<string>, why: string) => {
    for (const action of found) if (!actions.has(action)) actions.set(action, why);
  };
  const classes = dependencyClasses();
  for (const file of reachedHandlerFiles(entry)) {
    if (file === WIRING || file.startsWith(WIRING_DIR)) continue;
    const text = read(file);
    add(actionsOfCommands(commandsIn(text), file), `${file} sends the command`);

    // Value imports from adapters and AWS-calling packages.
    for (const [, names, specifier] of text.matchAll(/^import (?!type )([^;]*?) from '([^']+)';/gms)) {
      const module = specifier!.startsWith('.') ? relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), specifier!)).replace(/\.js$/, '') + '.ts' : specifier!;
      if (!specifier!.startsWith('.') || !module.startsWith(`${ADAPTERS_DIR}/`)) {
        const packageActions = ADAPTER_ACTIONS[module];
        if (packageActions && !module.startsWith('functions/')) add(packageActions, `${file} imports ${module}`);
        continue;
      }
      for (const raw of names!.replace(/[{}]/g, '').split(',')) {
        const name = raw.trim().replace(/^type /, '').split(/\s+as\s+/)[0]!;
        if (!name || raw.trim().startsWith('type ')) continue;
        if (adapters.functionNames.has(name)) add(adapters.actionsOf(name), `${file} calls ${name}`);
        else if (adapters.classOf(name) && new RegExp(`new ${name}\\(`).test(text)) add(adapters.classActions(name), `${file} creates a ${name}`);
      }
    }

    // Adapter methods called on dependencies(): `dependencies().profiles.x(`, `deps.profiles.x(`, or a
    // destructured `const { profiles, events: dedup } = dependencies()` then `profiles.x(` / `dedup.x(`.
    const aliases = new Map<string, string>();
    for (const [, member] of text.matchAll(/(?:dependencies\(\)|\bdeps)\.(\w+)/g)) aliases.set(member!, member!);
    for (const [, list] of text.matchAll(/const \{([^}]*)\} = (?:dependencies\(\)|deps)/g)) {
      for (const part of list!.split(',')) {
        const [member, alias] = part.split(':').map((p) => p.trim());
        if (member) aliases.set(alias || member, member);
      }
    }
    for (const [alias, member] of aliases) {
      members.add(member);
      if (member === 'currentCrisis') {
        add(adapters.actionsOf(`${classes.get('crisis')!}.get`), `${file} reads the current crisis`);
        continue;
      }
      const className = classes.get(member);
      if (!className || !adapters.classOf(className)) continue; // raw clients (doc, sfn, eventBridge): their commands are counted above
      const methods = [...text.matchAll(new RegExp(`(?<![\\w])${alias}\\.(\\w+)\\(`, 'g'))].map((m) => m[1]!);
      if (methods.length === 0) add(adapters.classActions(className), `${file} uses ${member}`);
      for (const method of methods) add(adapters.actionsOf(`${className}.${method}`), `${file} calls ${member}.${method}`);
    }
  }
  return { actions, members };
}
