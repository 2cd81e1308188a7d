/**
 * The construct every journey's states are created in. It carries what the building blocks need besides their
 * own props — the journey's name (it goes into every message) and the Lambda functions of the catalog — so a
 * block is called as `deliverStep(scope, 'Welcome', {...})`, like any CDK construct.
 */
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { JourneyName } from '../../functions/domain';
import type { FunctionName } from '../../contracts/functions';

/** One deployed function per catalog entry (contracts/functions.ts). */
export type JourneyFunctionsMap = Readonly<Record<FunctionName, IFunction>>;

export interface JourneyScopeProps {
  readonly journey: JourneyName;
  readonly functions: JourneyFunctionsMap;
}

export class JourneyScope extends Construct {
  readonly journey: JourneyName;
  readonly functions: JourneyFunctionsMap;
  /** State names in use: Step Functions needs them unique per state machine, the local runtime binds by name. */
  private readonly stateNames = new Set<string>();
  /** States built once and shared by several blocks (a journey exit reached from more than one task). */
  private readonly shared = new Map<string, unknown>();

  constructor(scope: Construct, id: string, props: JourneyScopeProps) {
    super(scope, id);
    this.journey = props.journey;
    this.functions = props.functions;
  }

  /** Nearest enclosing JourneyScope of a construct. */
  static of(construct: Construct): JourneyScope {
    for (let node: Construct | undefined = construct; node; node = node.node.scope as Construct | undefined) {
      if (node instanceof JourneyScope) return node;
    }
    throw new Error(`${construct.node.path} is not inside a JourneyScope: build journey states with a JourneyScope as their scope`);
  }

  /** The state(s) `build` makes for `key`, built on the first call and returned as they are on the next ones. */
  once<T>(key: string, build: () => T): T {
    if (!this.shared.has(key)) this.shared.set(key, build());
    return this.shared.get(key) as T;
  }

  /**
   * Reserves a state name (≤ 80 characters, unique in the journey) and returns it. States are created with
   * their name as construct id, so the name is what the console, the logs and the local runtime show.
   */
  stateName(name: string): string {
    if (name.length > 80) throw new Error(`state name longer than 80 characters: ${name}`);
    if (this.stateNames.has(name)) throw new Error(`duplicate state name in journey ${this.journey}: ${name}`);
    this.stateNames.add(name);
    return name;
  }
}
