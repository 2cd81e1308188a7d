/**
 * The template loader reads state machines from synthesized CloudFormation the way CDK emits them:
 * DefinitionString as Fn::Join with Fn::GetAtt function ARNs and Ref AWS::Partition, resolved into the local
 * fake Lambda ARNs named by each function's JOURNEYS_FUNCTION variable.
 */
import { describe, expect, it } from 'vitest';
import { deriveJourneyName, loadTemplate, loadTemplateFile } from '../../../local/engine';
import { eventually, parse, testEngine } from './support';
import { join } from 'node:path';

const TEMPLATE = join(import.meta.dirname, '../../fixtures/asl/journeys-stack.template.json');

describe('template loader', () => {
  it('resolves Fn::Join/Fn::GetAtt/Ref into a plain definition with local function ARNs', () => {
    const { stateMachines, functions } = loadTemplateFile(TEMPLATE);
    expect(functions).toEqual({
      EvaluateMessageFunction4C7E0B1D: 'evaluate-message',
      SendMessageFunction9F1A2B3C: 'send-message',
      WaitForEventFunctionB2C3D4E5: 'wait-for-event',
      MarketingSuppressionFunction0A1B2C3D: 'MarketingSuppressionFunction0A1B2C3D',
    });
    const onboarding = stateMachines.find((machine) => machine.journey === 'onboarding');
    expect(onboarding).toMatchObject({ logicalId: 'OnboardingJourneyStateMachine6C1F2E3A', stateMachineName: 'journeys-onboarding', roleArn: 'arn:aws:iam::000000000000:role/OnboardingJourneyRoleDEADBEEF' });
    const states = (JSON.parse(onboarding?.definition ?? '{}') as { States: Record<string, Record<string, unknown>> }).States;
    // LambdaInvoke without payloadResponseOnly: the integration ARN, FunctionName resolved.
    expect(states['Evaluate welcome']).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'arn:aws:lambda:local:000000000000:function:evaluate-message', Payload: { 'customerId.$': '$.customerId', step: 'welcome' } },
    });
    // payloadResponseOnly: the function ARN is the Resource.
    expect(states['Send welcome']?.Resource).toBe('arn:aws:lambda:local:000000000000:function:send-message');
    // waitForTaskToken: the token stays a context path inside Payload.
    expect(states['Wait for activation']).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'arn:aws:lambda:local:000000000000:function:wait-for-event', Payload: { 'taskToken.$': '$$.Task.Token' } },
    });
  });

  it('names journeys from the tag, the metadata entry, or the logical id', () => {
    const journeys = loadTemplateFile(TEMPLATE).stateMachines.map((machine) => [machine.logicalId, machine.journey, machine.stateMachineName]);
    expect(journeys).toEqual([
      ['OnboardingJourneyStateMachine6C1F2E3A', 'onboarding', 'journeys-onboarding'],
      ['IncidentJourneyStateMachineA1B2C3D4', 'incident', 'incident'],
      ['PostResolutionJourneyStateMachine0F0E0D0C', 'post-resolution', 'post-resolution'],
    ]);
    expect(deriveJourneyName('journeys-crisis')).toBe('crisis');
  });

  it('supports Fn::Sub, DefinitionSubstitutions and a Definition object', () => {
    const template = {
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { JOURNEYS_FUNCTION: 'open-survey' } } } },
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            Definition: { StartAt: 'Open', States: { Open: { Type: 'Task', Resource: '${OpenSurvey}', End: true, Comment: { 'Fn::Sub': 'in ${AWS::Region}' } } } },
            DefinitionSubstitutions: { OpenSurvey: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
            Tags: [{ Key: 'journeys:journey', Value: 'post-resolution' }],
          },
        },
      },
    };
    const [machine] = loadTemplate(template, { region: 'eu-central-1' }).stateMachines;
    expect(parse(machine?.definition)).toEqual({
      StartAt: 'Open',
      States: { Open: { Type: 'Task', Resource: 'arn:aws:lambda:eu-central-1:000000000000:function:open-survey', End: true, Comment: 'in eu-central-1' } },
    });
  });

  it('resolves a published Lambda version (Ref AWS::Lambda::Version) to the handler of the function it publishes', () => {
    const template = {
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { JOURNEYS_FUNCTION: 'open-survey' } } } },
        FnCurrentVersion0123abcd: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Fn' } }, DeletionPolicy: 'Retain' },
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"Open","States":{"Open":{"Type":"Task","Resource":"', { Ref: 'FnCurrentVersion0123abcd' }, '","End":true}}}']] },
            Tags: [{ Key: 'journeys:journey', Value: 'post-resolution' }],
          },
        },
      },
    };
    const [machine] = loadTemplate(template).stateMachines;
    // One copy of the code locally: the function itself, so a code change alone publishes no local version.
    expect(parse(machine?.definition)).toEqual({ StartAt: 'Open', States: { Open: { Type: 'Task', Resource: 'arn:aws:lambda:local:000000000000:function:open-survey', End: true } } });
  });

  it('produces definitions the engine runs with the handlers named by JOURNEYS_FUNCTION', async () => {
    const parked: Array<{ taskToken: string }> = [];
    const { engine } = testEngine({
      'evaluate-message': async () => ({ outcome: 'sent', channel: 'email' }),
      'send-message': async (payload) => ({ messageId: `m-for-${(payload as { executionId: string }).executionId.split(':').at(-1)}` }),
      'wait-for-event': async (payload) => {
        parked.push(payload as { taskToken: string });
        return {};
      },
    });
    const onboarding = loadTemplateFile(TEMPLATE).stateMachines[0];
    if (!onboarding) throw new Error('fixture has no state machine');
    const { stateMachineArn } = await engine.createStateMachine({ name: onboarding.stateMachineName, definition: onboarding.definition });
    const { executionArn } = await engine.startExecution({ stateMachineArn, name: 'evt-1', input: '{"customerId":"c-1"}' });
    await eventually(() => parked.length === 1);
    await engine.sendTaskSuccess({ taskToken: (parked[0] as { taskToken: string }).taskToken, output: '{"activated":true}' });
    const done = await engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toMatchObject({ welcome: { decision: { outcome: 'sent' } }, sent: { messageId: 'm-for-evt-1' }, activation: { activated: true } });
  });
});
