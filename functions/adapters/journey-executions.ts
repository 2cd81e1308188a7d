/**
 * Step Functions behind the few verbs the handlers use: start a journey execution, wake a parked one, read an
 * execution's status, stop one; and for the journey lifecycle, a state machine's versions, its running executions
 * and its alias's routing. The service's answers that mean "already done" are outcomes here, not errors.
 */
import {
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  ListExecutionsCommand,
  ListStateMachineVersionsCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineAliasCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';

/** One entry of an alias's routing: a version ARN and its share of new executions. */
export interface VersionWeight {
  versionArn: string;
  weight: number;
}

export type StartOutcome = { started: true; executionArn: string; startDate: Date | undefined } | { started: false };

/** The service's answers for a token that is no longer waiting (timed out, stopped, already answered). */
const STALE_TOKEN_ERRORS = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export class JourneyExecutions {
  constructor(private readonly sfn: SFNClient) {}

  /**
   * Starts `name`; `{started: false}` when an execution of that name exists already. Names are unique per state
   * machine for 90 days, so a name derived from what triggered it makes a retry start nothing twice.
   */
  async start(stateMachineArn: string, name: string, input: unknown): Promise<StartOutcome> {
    try {
      const started = await this.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return { started: true, executionArn: started.executionArn!, startDate: started.startDate };
    } catch (error) {
      if ((error as Error).name === 'ExecutionAlreadyExists') return { started: false };
      throw error;
    }
  }

  /** Hands `output` to the task parked on `token`; false when the token is no longer waiting (a stale wait). */
  async wake(token: string, output: unknown): Promise<boolean> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) }));
      return true;
    } catch (error) {
      if (STALE_TOKEN_ERRORS.has((error as Error).name)) return false;
      throw error;
    }
  }

  /** The execution's status; undefined when Step Functions no longer knows it (closed executions are kept 90 days). */
  async status(executionArn: string): Promise<string | undefined> {
    try {
      return (await this.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  }

  /** Stops the execution, `error` and `cause` kept in its history; false when Step Functions no longer knows it. */
  async stop(executionArn: string, error: string, cause: string): Promise<boolean> {
    try {
      await this.sfn.send(new StopExecutionCommand({ executionArn, error, cause }));
      return true;
    } catch (failure) {
      if ((failure as Error).name === 'ExecutionDoesNotExist') return false;
      throw failure;
    }
  }

  /** Every published version of the state machine, all pages. */
  async versions(stateMachineArn: string): Promise<Array<{ arn: string; createdAt: Date }>> {
    const listed: Array<{ arn: string; createdAt: Date }> = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
      for (const item of page.stateMachineVersions ?? []) listed.push({ arn: item.stateMachineVersionArn as string, createdAt: item.creationDate as Date });
      nextToken = page.nextToken;
    } while (nextToken);
    return listed;
  }

  /**
   * The ARNs of the running executions, all pages. `arn` is a state machine (every version) or a version
   * (executions started on it, alias starts included).
   */
  async running(arn: string): Promise<string[]> {
    const executions: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING', maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
      for (const execution of page.executions ?? []) executions.push(execution.executionArn as string);
      nextToken = page.nextToken;
    } while (nextToken);
    return executions;
  }

  async routing(aliasArn: string): Promise<VersionWeight[]> {
    const alias = await this.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }));
    return (alias.routingConfiguration ?? []).map((route) => ({ versionArn: route.stateMachineVersionArn as string, weight: route.weight as number }));
  }

  async route(aliasArn: string, routing: readonly VersionWeight[]): Promise<void> {
    await this.sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn: aliasArn,
        routingConfiguration: routing.map((route) => ({ stateMachineVersionArn: route.versionArn, weight: route.weight })),
      }),
    );
  }
}
