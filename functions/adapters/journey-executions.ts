/**
 * Step Functions behind the few verbs the handlers use: start a journey execution, wake a parked one, read an
 * execution's status. The service's answers that mean "already done" are outcomes here, not errors.
 */
import { DescribeExecutionCommand, SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';

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
}
