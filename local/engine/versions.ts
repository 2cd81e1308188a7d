/**
 * State machine versions and aliases, with the service's rules (checked against the API reference):
 * - a version is an immutable snapshot of a revision (definition + role), numbered from 1 per state machine,
 *   numbers never reused; publishing the revision the newest version already has answers that version
 *   (PublishStateMachineVersion is idempotent); a `revisionId` that is not the current one is a ConflictException;
 * - an alias routes to 1 or 2 versions of its state machine with integer weights summing to 100; its name is
 *   1–80 characters and not all digits (so `…:3` is a version and `…:live` an alias);
 * - a version an alias routes to cannot be deleted (ConflictException); deleting one that does not exist is fine;
 * - unknown versions and aliases are `ResourceNotFound`.
 * Everything is journaled, so versions, aliases and what each execution ran on survive a restart.
 */
import { createHash } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { assertValidName, parseQualifiedStateMachineArn } from './arns';
import { ConflictException, ResourceNotFound, ValidationException } from './errors';
import type { Journal, JournalRecord } from './journal';
import type { PreparedDefinition } from './definition-transform';
import type { DescribeStateMachineAliasOutput, RoutingConfig } from './types';

export interface StoredVersion {
  arn: string;
  stateMachineArn: string;
  version: number;
  definition: string;
  roleArn: string;
  revisionId: string;
  description?: string;
  creationDate: Date;
  compiled?: { prepared: PreparedDefinition; machine: StateMachine };
}

interface StoredAlias {
  arn: string;
  stateMachineArn: string;
  name: string;
  description?: string;
  routing: RoutingConfig[];
  creationDate: Date;
  updateDate: Date;
}

/** The revision of a definition and role: the same content always has the same id (UUID-shaped, as the service's). */
export function revisionIdOf(definition: string, roleArn: string): string {
  const hex = createHash('sha256').update(roleArn).update('\n').update(definition).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export class VersionsAndAliases {
  readonly #versions = new Map<string, StoredVersion>();
  readonly #aliases = new Map<string, StoredAlias>();
  /** Highest number ever given per state machine (deleted versions' numbers are not reused). */
  readonly #lastNumber = new Map<string, number>();

  constructor(
    private readonly journal: Journal,
    private readonly now: () => Date,
  ) {}

  /** Rebuilds from journal records (called with every record, in order). */
  restore(record: JournalRecord): void {
    switch (record.r) {
      case 'version': {
        const { r: _r, at, arn, ...rest } = record;
        this.#versions.set(arn, { ...rest, arn, creationDate: new Date(at) });
        this.#lastNumber.set(record.stateMachineArn, Math.max(this.#lastNumber.get(record.stateMachineArn) ?? 0, record.version));
        break;
      }
      case 'versionDeleted':
        this.#versions.delete(record.arn);
        break;
      case 'alias': {
        const { r: _r, at, created, ...rest } = record;
        this.#aliases.set(record.arn, { ...rest, creationDate: new Date(created), updateDate: new Date(at) });
        break;
      }
      case 'aliasDeleted':
        this.#aliases.delete(record.arn);
        break;
      default:
        break;
    }
  }

  /** Publishes the given revision unless the newest version already is it; `revisionId` must be the current one when given. */
  publish(current: { stateMachineArn: string; definition: string; roleArn: string }, input: { revisionId?: string; description?: string }): { version: StoredVersion; created: boolean } {
    const revisionId = revisionIdOf(current.definition, current.roleArn);
    if (input.revisionId !== undefined && input.revisionId !== revisionId) {
      throw new ConflictException(`Failed to publish the State Machine version: revisionId '${input.revisionId}' is not the current revision '${revisionId}'`);
    }
    if (input.description !== undefined && input.description.length > 256) throw new ValidationException('description must be at most 256 characters');
    const newest = this.versionsOf(current.stateMachineArn)[0];
    if (newest?.revisionId === revisionId) return { version: newest, created: false };
    const number = (this.#lastNumber.get(current.stateMachineArn) ?? 0) + 1;
    const version: StoredVersion = {
      arn: `${current.stateMachineArn}:${number}`,
      stateMachineArn: current.stateMachineArn,
      version: number,
      definition: current.definition,
      roleArn: current.roleArn,
      revisionId,
      ...(input.description === undefined ? {} : { description: input.description }),
      creationDate: this.now(),
    };
    this.#versions.set(version.arn, version);
    this.#lastNumber.set(current.stateMachineArn, number);
    const { compiled: _compiled, creationDate, ...stored } = version;
    this.journal.append({ r: 'version', ...stored, at: creationDate.getTime() });
    return { version, created: true };
  }

  /** Newest first, as ListStateMachineVersions answers. */
  versionsOf(stateMachineArn: string): StoredVersion[] {
    return [...this.#versions.values()].filter((version) => version.stateMachineArn === stateMachineArn).sort((a, b) => b.version - a.version);
  }

  version(arn: string): StoredVersion {
    const version = this.#versions.get(arn);
    if (!version) throw new ResourceNotFound(`State Machine Version Does Not Exist: '${arn}'`);
    return version;
  }

  deleteVersion(arn: string): void {
    const parsed = parseQualifiedStateMachineArn(arn);
    if (parsed.version === undefined) throw new ValidationException(`Invalid version ARN: '${arn}'`);
    if (!this.#versions.has(arn)) return;
    const routing = [...this.#aliases.values()].find((alias) => alias.routing.some((route) => route.stateMachineVersionArn === arn));
    if (routing) throw new ConflictException(`Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${routing.name}]`);
    this.#versions.delete(arn);
    this.journal.append({ r: 'versionDeleted', arn });
  }

  createAlias(stateMachineArnOfFirst: string | undefined, input: { name: string; description?: string; routingConfiguration: RoutingConfig[] }): { stateMachineAliasArn: string; creationDate: Date } {
    assertAliasName(input.name);
    const stateMachineArn = this.#checkRouting(input.routingConfiguration, stateMachineArnOfFirst);
    const arn = `${stateMachineArn}:${input.name}`;
    const existing = this.#aliases.get(arn);
    if (existing) {
      // Idempotent on name, description and routing, as the service.
      if (existing.description === input.description && sameRouting(existing.routing, input.routingConfiguration)) return { stateMachineAliasArn: arn, creationDate: existing.creationDate };
      throw new ConflictException(`Failed to create alias because an alias with the same name and a different routing configuration already exists: '${arn}'`);
    }
    const now = this.now();
    const alias: StoredAlias = { arn, stateMachineArn, name: input.name, ...(input.description === undefined ? {} : { description: input.description }), routing: input.routingConfiguration.map(copyRoute), creationDate: now, updateDate: now };
    this.#aliases.set(arn, alias);
    this.#journalAlias(alias);
    return { stateMachineAliasArn: arn, creationDate: now };
  }

  updateAlias(arn: string, input: { description?: string; routingConfiguration?: RoutingConfig[] }): { updateDate: Date } {
    const alias = this.#alias(arn);
    if (input.description === undefined && input.routingConfiguration === undefined) throw new ValidationException('Either description or routingConfiguration must be specified');
    if (input.routingConfiguration) {
      this.#checkRouting(input.routingConfiguration, alias.stateMachineArn);
      alias.routing = input.routingConfiguration.map(copyRoute);
    }
    if (input.description !== undefined) alias.description = input.description;
    alias.updateDate = this.now();
    this.#journalAlias(alias);
    return { updateDate: alias.updateDate };
  }

  deleteAlias(arn: string): void {
    parseQualifiedStateMachineArn(arn);
    if (!this.#aliases.delete(arn)) return;
    this.journal.append({ r: 'aliasDeleted', arn });
  }

  describeAlias(arn: string): DescribeStateMachineAliasOutput {
    const alias = this.#alias(arn);
    return {
      stateMachineAliasArn: alias.arn,
      name: alias.name,
      ...(alias.description === undefined ? {} : { description: alias.description }),
      routingConfiguration: alias.routing.map(copyRoute),
      creationDate: alias.creationDate,
      updateDate: alias.updateDate,
    };
  }

  aliasesOf(stateMachineArn: string): Array<{ stateMachineAliasArn: string; creationDate: Date }> {
    return [...this.#aliases.values()]
      .filter((alias) => alias.stateMachineArn === stateMachineArn)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((alias) => ({ stateMachineAliasArn: alias.arn, creationDate: alias.creationDate }));
  }

  /** The version an alias sends this start to: weighted at random, as the service does. */
  route(aliasArn: string, random: () => number): StoredVersion {
    const alias = this.#alias(aliasArn);
    const draw = random() * 100;
    let sum = 0;
    for (const route of alias.routing) {
      sum += route.weight;
      if (draw < sum) return this.version(route.stateMachineVersionArn);
    }
    // Floating point at the very top of the range: the last route with any weight.
    const last = [...alias.routing].reverse().find((route) => route.weight > 0) ?? alias.routing[0];
    return this.version((last as RoutingConfig).stateMachineVersionArn);
  }

  #alias(arn: string): StoredAlias {
    const parsed = parseQualifiedStateMachineArn(arn);
    if (parsed.alias === undefined) throw new ValidationException(`Invalid alias ARN: '${arn}'`);
    const alias = this.#aliases.get(arn);
    if (!alias) throw new ResourceNotFound(`State Machine Alias Does Not Exist: '${arn}'`);
    return alias;
  }

  #journalAlias(alias: StoredAlias): void {
    this.journal.append({
      r: 'alias',
      arn: alias.arn,
      stateMachineArn: alias.stateMachineArn,
      name: alias.name,
      ...(alias.description === undefined ? {} : { description: alias.description }),
      routing: alias.routing,
      created: alias.creationDate.getTime(),
      at: alias.updateDate.getTime(),
    });
  }

  /** 1–2 existing versions of one state machine, integer weights 0–100 summing to 100; returns that state machine. */
  #checkRouting(routing: RoutingConfig[], expected: string | undefined): string {
    if (!Array.isArray(routing) || routing.length < 1 || routing.length > 2) {
      throw new ValidationException('routingConfiguration must contain 1 or 2 entries');
    }
    const machines = new Set<string>();
    for (const route of routing) {
      if (!Number.isInteger(route?.weight) || route.weight < 0 || route.weight > 100) throw new ValidationException('weight must be an integer between 0 and 100');
      const parsed = parseQualifiedStateMachineArn(route.stateMachineVersionArn);
      if (parsed.version === undefined) throw new ValidationException(`Invalid version ARN in routingConfiguration: '${route.stateMachineVersionArn}'`);
      this.version(route.stateMachineVersionArn);
      machines.add(parsed.stateMachineArn);
    }
    if (routing.length === 2 && routing[0]?.stateMachineVersionArn === routing[1]?.stateMachineVersionArn) throw new ValidationException('routingConfiguration must name two different versions');
    if (machines.size !== 1) throw new ValidationException('Every version in routingConfiguration must belong to the same state machine');
    const stateMachineArn = [...machines][0] as string;
    if (expected !== undefined && expected !== stateMachineArn) throw new ValidationException('The versions in routingConfiguration must belong to the alias\'s state machine');
    if (routing.reduce((sum, route) => sum + route.weight, 0) !== 100) throw new ValidationException('The sum of the weights in routingConfiguration must be 100');
    return stateMachineArn;
  }
}

function assertAliasName(name: unknown): asserts name is string {
  assertValidName(name, 'state machine');
  if (/^\d+$/.test(name)) throw new ValidationException(`Invalid alias name: '${name}' (an alias name cannot be a number)`);
}

function sameRouting(a: readonly RoutingConfig[], b: readonly RoutingConfig[]): boolean {
  const key = (routes: readonly RoutingConfig[]) => JSON.stringify([...routes].map(copyRoute).sort((x, y) => x.stateMachineVersionArn.localeCompare(y.stateMachineVersionArn)));
  return key(a) === key(b);
}

function copyRoute(route: RoutingConfig): RoutingConfig {
  return { stateMachineVersionArn: route.stateMachineVersionArn, weight: route.weight };
}
